package io.vertalived.vrrp.service;

import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.core.config.model.VrrpSyncGroup;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What the VRRP service needs of the host it runs on (Linux: {@link LinuxHost}): the VRRP thread,
 * the node-wide set-up its instances stand on (VMAC interfaces, static addresses, routes and
 * rules, the no-accept firewall), each instance's {@link InstanceEffects}, the sync groups'
 * notifies, and the host's link and address events. The seam the verticle is tested through.
 */
interface VrrpHost {
  VrrpThread thread();

  /** Node-wide set-up for {@code instances}, before any of them starts; undone if it fails. */
  Future<Void> setUp(KeepalivedConfig config, List<VrrpInstance> instances);

  /**
   * A reload, after the removed instances were deleted and before new ones start: the node-wide
   * set-up of {@code next}, as a difference; answers what changed.
   */
  Future<List<String>> reconfigure(KeepalivedConfig next, List<VrrpInstance> instances);

  /** One instance's effects; its interfaces exist by now. {@code master}: whether it is MASTER now. */
  InstanceEffects effects(VrrpInstance vi, BooleanSupplier master) throws java.io.IOException;

  GroupNotifies groupNotifies();

  /** Starts telling {@code events} what happens to links, addresses, routes and rules. */
  void watch(HostEvents events) throws java.io.IOException;

  /** Undoes the node-wide set-up, after every instance stopped. */
  Future<Void> tearDown();
}
