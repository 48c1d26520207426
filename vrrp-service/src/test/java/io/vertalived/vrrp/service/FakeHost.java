package io.vertalived.vrrp.service;

import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.core.config.model.VrrpSyncGroup;
import io.vertalived.vrrp.protocol.VrrpState;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/** A host for the verticle's tests: a virtual VRRP thread and {@link FakeEffects} per instance, all recorded. */
final class FakeHost implements VrrpHost {
  final VirtualVrrpThread thread = new VirtualVrrpThread();
  final List<String> log = Collections.synchronizedList(new ArrayList<>());
  /** By instance name: the effects of its latest runner. */
  final Map<String, FakeEffects> effects = new ConcurrentHashMap<>();
  final List<String> groups = Collections.synchronizedList(new ArrayList<>());
  HostEvents events;

  @Override
  public VrrpThread thread() {
    return thread;
  }

  @Override
  public Future<Void> setUp(KeepalivedConfig config, List<VrrpInstance> instances) {
    log.add("setUp " + instances.stream().map(VrrpInstance::name).toList());
    return Future.succeededFuture();
  }

  @Override
  public Future<List<String>> reconfigure(KeepalivedConfig next, List<VrrpInstance> instances) {
    log.add("reconfigure " + instances.stream().map(VrrpInstance::name).toList());
    return Future.succeededFuture(List.of());
  }

  @Override
  public InstanceEffects effects(VrrpInstance vi, BooleanSupplier master) {
    FakeEffects fx = new FakeEffects();
    effects.put(vi.name(), fx);
    log.add("effects " + vi.name());
    return fx.effects(Adverts.ip("198.18.0.1"));
  }

  @Override
  public GroupNotifies groupNotifies() {
    return new GroupNotifies() {
      @Override
      public void transition(VrrpSyncGroup group, VrrpState to) {
        groups.add(group.name() + " " + to);
      }

      @Override
      public void keptAtReload(VrrpSyncGroup group, VrrpState state) {
        groups.add(group.name() + " kept " + state);
      }
    };
  }

  @Override
  public void watch(HostEvents events) {
    this.events = events;
  }

  @Override
  public Future<Void> tearDown() {
    log.add("tearDown");
    return Future.succeededFuture();
  }

  /** Pumps the VRRP thread (work due now) until {@code f} completes, for at most 10 s of real time. */
  <T> T await(Future<T> f) throws Exception {
    long until = System.nanoTime() + 10_000_000_000L;
    while (!f.isComplete()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("not done within 10 s");
      }
      thread.runDue();
      Thread.onSpinWait();
    }
    thread.runDue();
    if (f.failed()) {
      throw new AssertionError("failed: " + f.cause(), f.cause());
    }
    return f.result();
  }
}
