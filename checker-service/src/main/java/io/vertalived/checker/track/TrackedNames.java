package io.vertalived.checker.track;

import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.Tracker;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.core.config.model.VrrpSyncGroup;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** The trackers of one kind that some instance or sync group tracks and that are defined; the others never run. */
final class TrackedNames {
  private TrackedNames() {}

  static Set<String> of(KeepalivedConfig c, Function<VrrpInstance, List<Tracker>> byInstance,
                        Function<VrrpSyncGroup, List<Tracker>> byGroup, Collection<String> defined) {
    Set<String> names = new LinkedHashSet<>();
    c.vrrpInstances().forEach(vi -> byInstance.apply(vi).stream().map(Tracker::name).forEach(names::add));
    c.syncGroups().forEach(sg -> byGroup.apply(sg).stream().map(Tracker::name).forEach(names::add));
    names.retainAll(defined);
    return names;
  }
}
