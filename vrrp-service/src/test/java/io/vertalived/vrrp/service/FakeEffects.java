package io.vertalived.vrrp.service;

import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.core.net.rtnl.RtnlEvent;
import io.vertalived.vrrp.protocol.VrrpState;
import io.vertx.core.Future;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An instance's effects that record what the runner asked of them, in one ordered log
 * ("advert 100", "add", "transition BACKUP->MASTER", ...), for tests through the seams.
 */
final class FakeEffects {
  final List<String> log = Collections.synchronizedList(new ArrayList<>());
  final List<Integer> adverts = Collections.synchronizedList(new ArrayList<>());
  final List<String> transitions = Collections.synchronizedList(new ArrayList<>());
  InstanceLink.Receiver receiver;
  /** Where the probe's replies go, once the runner opened it. */
  AddressProbe.Replies replies;
  VrrpInstance held;
  boolean open;
  /** The addresses as the fake host holds them: set by add, cleared by remove, replaced by a held reconfigure. */
  boolean addressesHeld;

  /** What the fake host's interface holds now: the source a look-up finds (null: no address). */
  volatile InetAddress interfaceAddress;
  /** The sockets cannot be opened again (bind refused, say). */
  volatile boolean reopenFails;

  InstanceEffects effects(InetAddress source) {
    return effects(SourceAddress.fixed(source));
  }

  /** Effects whose source follows the interface's address ({@link #interfaceAddress}) on interface 7. */
  InstanceEffects following(InetAddress atStart) {
    interfaceAddress = atStart;
    return effects(new SourceAddress(atStart, false, 7, () -> Future.succeededFuture(interfaceAddress)));
  }

  InstanceEffects effects(SourceAddress source) {
    InstanceLink link = new InstanceLink() {
      @Override
      public Future<Void> open(Receiver r) {
        receiver = r;
        open = true;
        log.add("open");
        return Future.succeededFuture();
      }

      @Override
      public Future<Void> close() {
        open = false;
        log.add("close");
        return Future.succeededFuture();
      }

      @Override
      public Future<Void> reopen() {
        log.add("reopen " + source.address().getHostAddress());
        return reopenFails ? Future.failedFuture("Cannot assign requested address") : Future.succeededFuture();
      }
    };
    AdvertSender sender = new AdvertSender() {
      @Override
      public int send(int priority) {
        adverts.add(priority);
        log.add("advert " + priority);
        return 1;
      }

      @Override
      public void reconfigure(VrrpInstance next) {
        log.add("adverts reconfigure");
      }
    };
    VirtualAddressing addressing = new VirtualAddressing() {
      @Override
      public void removeLeftovers() {
        log.add("leftovers");
      }

      @Override
      public void add() {
        addressesHeld = true;
        log.add("add");
      }

      @Override
      public void remove() {
        addressesHeld = false;
        log.add("remove");
      }

      @Override
      public void addressRemoved(int ifindex, InetAddress address) {
        log.add("readd " + address.getHostAddress());
      }

      @Override
      public void routeRemoved(RtnlEvent.Route route) {
        log.add("readd route");
      }

      @Override
      public void ruleRemoved(RtnlEvent.Rule rule) {
        log.add("readd rule");
      }

      @Override
      public void reconfigure(VrrpInstance next, boolean heldNow) {
        held = next;
        log.add("reconfigure " + (heldNow ? "held" : "not held") + " " + next.virtualIpAddresses().size() + " VIPs");
      }
    };
    Announcements announcements = new Announcements() {
      @Override
      public void becameMaster() {
        log.add("garp");
      }

      @Override
      public void lowerPriorityHeard() {
        log.add("garp lower");
      }

      @Override
      public void leftMaster() {
        log.add("garp stop");
      }

      @Override
      public void conflictHeard() {
        log.add("garp conflict");
      }

      @Override
      public void reconfigure(VrrpInstance next) {
        log.add("garp reconfigure");
      }
    };
    TransitionSink transitions = new TransitionSink() {
      @Override
      public Future<?> transition(VrrpInstance vi, VrrpState from, VrrpState to, int priority, String reason) {
        FakeEffects.this.transitions.add(from + "->" + to);
        log.add("transition " + from + "->" + to + " " + priority);
        return Future.succeededFuture();
      }

      @Override
      public void keptAtReload(VrrpInstance vi, VrrpState state, int priority) {
        log.add("kept " + state);
      }

      @Override
      public void alert(VrrpInstance vi, String kind, boolean active, String peer, String detail) {
        log.add((active ? "alert " : "alert cleared ") + (kind.equals("dual_master") ? "" : kind + " ") + detail);
      }
    };
    AddressProbe probe = new AddressProbe() {
      @Override
      public Future<Void> open(Replies r) {
        replies = r;
        return Future.succeededFuture();
      }

      @Override
      public void probe(InetAddress address) {
        log.add("probe " + address.getHostAddress());
      }

      @Override
      public java.util.Set<String> ownMacs() {
        return java.util.Set.of("02:00:00:00:00:01");
      }

      @Override
      public Future<Void> close() {
        return Future.succeededFuture();
      }
    };
    return new InstanceEffects(source, link, sender, addressing, announcements, transitions, probe);
  }

  /** The log since index {@code from}. */
  List<String> since(int from) {
    synchronized (log) {
      return List.copyOf(log.subList(from, log.size()));
    }
  }
}
