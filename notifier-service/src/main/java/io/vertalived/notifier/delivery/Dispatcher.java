package io.vertalived.notifier.delivery;

import io.vertalived.core.config.model.Webhook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.logging.Logger;

/**
 * Sends the stored deliveries (docs/notifier.md): per endpoint, one lane per subject (a VRRP
 * instance or group, a real server, ...) whose deliveries go one at a time in event order; lanes
 * and endpoints run side by side, at most {@value #MAX_IN_FLIGHT} requests per endpoint, so a slow
 * or dead endpoint holds up nobody else. A retryable failure waits its backoff on its lane; a
 * refusal for good sets the delivery aside and its lane goes on; a delivery that used up its
 * retry budget parks its endpoint: every lane of it waits, kept, while the endpoint is probed with
 * its oldest delivery every {@code retry_max_delay}, and resumes at the first answer. Runs on one
 * Vert.x context (or a virtual clock in tests); never blocks.
 */
public final class Dispatcher {
  private static final Logger LOG = Logger.getLogger("io.vertalived.notifier");
  public static final int MAX_IN_FLIGHT = 8;

  /** An endpoint as the dispatcher drives it. */
  public record Endpoint(String name, Transport transport, Webhook.Retry retry) {}

  /** What happened that a person must hear of (journaled as DeliveryParked). */
  @FunctionalInterface
  public interface Parking {
    void parked(String endpoint, long eventId, boolean endpointParked, int held, String reason);
  }

  /** Counts per endpoint, for status and metrics. */
  public record EndpointStatus(String name, int pending, boolean parked, long delivered, long retried, long setAside) {}

  private final Timers timers;
  private final DeliveryStore store;
  private final Parking parking;
  private final DoubleSupplier random;
  private final Map<String, State> endpoints = new LinkedHashMap<>();
  private boolean stopped;
  private Outcomes outcomes = (endpoint, outcome) -> { };

  /** Counts each attempt's outcome per endpoint: {@code delivered}, {@code retried}, {@code set_aside}, {@code parked}. */
  @FunctionalInterface
  public interface Outcomes {
    void count(String endpoint, String outcome);
  }

  /** Where the outcomes are counted (the notifier's metrics). */
  public void outcomes(Outcomes o) {
    this.outcomes = o;
  }

  private static final class Lane {
    final Deque<Delivery> queue = new ArrayDeque<>();
    boolean busy;
    long timer = -1;
  }

  private static final class State {
    Endpoint endpoint;
    final Map<String, Lane> lanes = new LinkedHashMap<>();
    int inFlight;
    boolean parked;
    long probe = -1;
    long delivered;
    long retried;
    long setAside;

    int pending() {
      return lanes.values().stream().mapToInt(l -> l.queue.size()).sum();
    }
  }

  public Dispatcher(Timers timers, DeliveryStore store, Parking parking, DoubleSupplier random) {
    this.timers = timers;
    this.store = store;
    this.parking = parking;
    this.random = random;
  }

  /**
   * The endpoints to deliver to (at start and at each reload): a new one starts empty, a changed
   * one keeps its deliveries, a removed one's pending deliveries are dropped from the store.
   */
  public void endpoints(List<Endpoint> next) {
    Map<String, Endpoint> byName = new HashMap<>();
    next.forEach(e -> byName.put(e.name(), e));
    for (String name : List.copyOf(endpoints.keySet())) {
      if (!byName.containsKey(name)) {
        State s = endpoints.remove(name);
        cancelTimers(s);
        s.endpoint.transport().close();
        int held = s.pending();
        store.dropEndpoint(name).onSuccess(n -> LOG.info("(" + name + ") endpoint removed: " + n
            + " pending deliveries dropped")).onFailure(e -> LOG.warning("(" + name + ") cannot drop its deliveries: "
            + e.getMessage()));
        if (held > 0) {
          LOG.info("(" + name + ") " + held + " deliveries in its lanes dropped with it");
        }
      }
    }
    for (Endpoint e : next) {
      State s = endpoints.computeIfAbsent(e.name(), n -> new State());
      if (s.endpoint != null && s.endpoint.transport() != e.transport()) {
        s.endpoint.transport().close();
      }
      s.endpoint = e;
    }
    endpoints.values().forEach(this::pump);
  }

  /** Deliveries already stored, in event order: queued on their lanes and sent. */
  public void add(List<Delivery> deliveries) {
    List<String> dropped = new ArrayList<>();
    for (Delivery d : deliveries) {
      State s = endpoints.get(d.endpoint());
      if (s == null) {
        dropped.add(d.key());
        store.delivered(d);
        continue;
      }
      s.lanes.computeIfAbsent(d.lane(), k -> new Lane()).queue.add(d);
    }
    if (!dropped.isEmpty()) {
      LOG.info("dropped " + dropped.size() + " deliveries to endpoints no longer configured");
    }
    endpoints.values().forEach(this::pump);
  }

  private void pump(State s) {
    if (stopped || s.parked) {
      return;
    }
    for (Lane lane : s.lanes.values()) {
      if (s.inFlight >= MAX_IN_FLIGHT) {
        return;
      }
      if (!lane.busy && !lane.queue.isEmpty()) {
        start(s, lane);
      }
    }
  }

  private void start(State s, Lane lane) {
    lane.busy = true;
    s.inFlight++;
    Delivery d = lane.queue.peek();
    Endpoint e = s.endpoint;
    e.transport().send(d).onComplete(ar -> {
      s.inFlight--;
      Attempt a = ar.succeeded() ? ar.result() : Attempt.Failed.retry(String.valueOf(ar.cause()));
      if (!stopped && endpoints.get(e.name()) == s) {
        finish(s, lane, d, a);
      }
    });
  }

  private void finish(State s, Lane lane, Delivery d, Attempt a) {
    String who = "(" + s.endpoint.name() + ") event " + d.eventId() + " (" + d.event().type() + " " + d.event().subject() + ")";
    if (a instanceof Attempt.Delivered ok) {
      s.delivered++;
      outcomes.count(s.endpoint.name(), "delivered");
      LOG.fine(() -> who + " delivered: " + ok.detail());
      store.delivered(d);
      lane.queue.poll();
      lane.busy = false;
      pump(s);
      return;
    }
    Attempt.Failed f = (Attempt.Failed) a;
    Delivery tried = d.attempted();
    if (!f.retryable()) {
      s.setAside++;
      outcomes.count(s.endpoint.name(), "set_aside");
      LOG.warning(who + " set aside: " + f.reason());
      store.setAside(tried, f.reason());
      lane.queue.poll();
      lane.busy = false;
      parking.parked(s.endpoint.name(), d.eventId(), false, 0, f.reason());
      pump(s);
      return;
    }
    s.retried++;
    outcomes.count(s.endpoint.name(), "retried");
    lane.queue.poll();
    lane.queue.addFirst(tried);
    store.attempted(tried);
    if (s.parked) {
      // parked meanwhile by another lane: this one waits for the probe too
      lane.busy = false;
      return;
    }
    Webhook.Retry r = s.endpoint.retry();
    Duration wait = Backoff.delay(r, tried.attempts(), f.retryAfter(), random.getAsDouble());
    Instant next = timers.now().plus(wait);
    if (Backoff.withinBudget(r, tried.attempts(), d.event().timestamp(), next)) {
      LOG.info(who + " attempt " + tried.attempts() + " failed: " + f.reason() + "; next in " + seconds(wait));
      lane.timer = timers.schedule(wait, () -> {
        lane.timer = -1;
        lane.busy = false;
        pump(s);
      });
      return;
    }
    lane.busy = false;
    park(s, tried, f.reason());
  }

  private void park(State s, Delivery d, String reason) {
    s.parked = true;
    outcomes.count(s.endpoint.name(), "parked");
    cancelTimers(s);
    int held = s.pending();
    Duration every = Duration.ofMillis((long) (s.endpoint.retry().maxDelay() * 1000));
    String why = "gave up on event " + d.eventId() + " after " + d.attempts() + " attempts (" + reason + "); " + held
        + " deliveries held, probing every " + seconds(every);
    LOG.warning("(" + s.endpoint.name() + ") endpoint parked: " + why);
    parking.parked(s.endpoint.name(), d.eventId(), true, held, why);
    s.probe = timers.schedule(every, () -> probe(s));
  }

  /** A parked endpoint's oldest delivery, sent again: any answer from the endpoint resumes it. */
  private void probe(State s) {
    s.probe = -1;
    if (stopped || endpoints.get(s.endpoint.name()) != s) {
      return;
    }
    Lane oldest = null;
    for (Lane l : s.lanes.values()) {
      if (!l.queue.isEmpty() && (oldest == null || l.queue.peek().eventId() < oldest.queue.peek().eventId())) {
        oldest = l;
      }
    }
    if (oldest == null) {
      s.parked = false;
      return;
    }
    Lane lane = oldest;
    Delivery d = lane.queue.peek();
    s.inFlight++;
    s.endpoint.transport().send(d).onComplete(ar -> {
      s.inFlight--;
      if (stopped || endpoints.get(s.endpoint.name()) != s) {
        return;
      }
      Attempt a = ar.succeeded() ? ar.result() : Attempt.Failed.retry(String.valueOf(ar.cause()));
      if (a instanceof Attempt.Failed f && f.retryable()) {
        Delivery tried = d.attempted();
        lane.queue.poll();
        lane.queue.addFirst(tried);
        store.attempted(tried);
        s.retried++;
        LOG.info("(" + s.endpoint.name() + ") still parked: " + f.reason());
        s.probe = timers.schedule(Duration.ofMillis((long) (s.endpoint.retry().maxDelay() * 1000)), () -> probe(s));
        return;
      }
      s.parked = false;
      LOG.info("(" + s.endpoint.name() + ") the endpoint answers again: " + s.pending() + " deliveries resume");
      lane.busy = true;
      finish(s, lane, d, a);
      pump(s);
    });
  }

  private void cancelTimers(State s) {
    for (Lane l : s.lanes.values()) {
      if (l.timer != -1) {
        timers.cancel(l.timer);
        l.timer = -1;
        l.busy = false;
      }
    }
    if (s.probe != -1) {
      timers.cancel(s.probe);
      s.probe = -1;
    }
  }

  public List<EndpointStatus> status() {
    List<EndpointStatus> out = new ArrayList<>();
    endpoints.forEach((n, s) -> out.add(new EndpointStatus(n, s.pending(), s.parked, s.delivered, s.retried, s.setAside)));
    return out;
  }

  /** Stops sending; what is pending stays in the store for the next owner. */
  public void stop() {
    stopped = true;
    endpoints.values().forEach(s -> {
      cancelTimers(s);
      s.endpoint.transport().close();
    });
  }

  private static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
