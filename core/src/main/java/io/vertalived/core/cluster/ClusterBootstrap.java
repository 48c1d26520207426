package io.vertalived.core.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertalived.core.bus.BusCodecs;
import io.vertalived.core.metrics.ProcessMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Starts the one Vert.x of a vertalived JVM: local, or clustered through vertx-hazelcast with a
 * Hazelcast configuration built in code (settings measured in docs: fast join, 1 s heartbeat,
 * a dead member dropped within seconds). The bus codecs are registered either way.
 */
public final class ClusterBootstrap {
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("io.vertalived.cluster");

  private ClusterBootstrap() {}

  /**
   * Netty's native epoll transport where it loads (Linux x86-64), else NIO: the checker's
   * connections cost fewer system calls with it (docs/benchmarks.md).
   */
  static VertxOptions options() {
    return new VertxOptions().setPreferNativeTransport(true);
  }

  /**
   * A lone VRRP node's Vert.x (docs/benchmarks.md, start-up): its sockets are its own (raw, netlink, the
   * control socket), so Netty's NIO transport (no native library to unpack and load); two event loops;
   * no file cache or class-path resolving; names, if any, resolved by the JDK rather than by Netty's
   * DNS client (which reads resolv.conf and builds its caches at start).
   */
  static VertxOptions loneVrrpNodeOptions() {
    if (System.getProperty("vertx.disableDnsResolver") == null) {
      System.setProperty("vertx.disableDnsResolver", "true");
    }
    // Vert.x probes Netty's epoll whatever the transport: that unpacks and loads its native library
    if (System.getProperty("io.netty.transport.noNative") == null) {
      System.setProperty("io.netty.transport.noNative", "true");
    }
    return new VertxOptions().setEventLoopPoolSize(2)
        .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false));
  }

  /**
   * A Vert.x of this process alone; without {@code metrics} (a lone VRRP node, whose metrics nothing could read) it
   * starts faster and smaller: no registry, no JVM meters.
   */
  public static Future<Vertx> startLocal(boolean metrics) {
    Vertx vertx;
    if (metrics) {
      var registry = ProcessMetrics.newRegistry();
      vertx = ProcessMetrics.enable(Vertx.builder(), options(), registry).build();
      ProcessMetrics.attach(vertx, registry);
    } else {
      vertx = Vertx.builder().with(loneVrrpNodeOptions()).build();
    }
    BusCodecs.register(vertx);
    return Future.succeededFuture(vertx);
  }

  public static Future<Vertx> startClustered(ClusterSettings s) {
    return startClustered(s, false);
  }

  /**
   * As above; a {@code liteMember} (a command-line client such as {@code vertalived handover})
   * holds no cluster data, so its coming and going moves no partitions.
   */
  public static Future<Vertx> startClustered(ClusterSettings settings, boolean liteMember) {
    return startClustered(settings, liteMember, java.util.Set.of());
  }

  /**
   * As above; a network given as the interface never resolves to one of {@code virtualAddresses}
   * (the node's VRRP VIPs: one a crashed predecessor left would be taken, then removed by VRRP).
   */
  public static Future<Vertx> startClustered(ClusterSettings settings, boolean liteMember,
      java.util.Set<String> virtualAddresses) {
    ClusterSettings s;
    try {
      // a network (198.18.100.0/24) stands for this host's address in it (containers, DHCP)
      s = settings.withInterface(InterfaceAddress.resolve(settings.interfaceAddress(), virtualAddresses));
      // names (a compose service: every replica) become addresses; Hazelcast would keep only
      // those matching the interface, which is one address
      s = s.withMembers(JoinMembers.expand(settings.members(), settings.interfaceAddress(),
          java.net.InetAddress::getAllByName, LOG::warning));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e.getMessage());
    }
    System.setProperty("hazelcast.logging.type", "jdk");
    Config config = hazelcastConfig(s);
    config.setLiteMember(liteMember);
    HazelcastClusterManager manager = new HazelcastClusterManager(config);
    EventBusOptions bus = new EventBusOptions()
        .setHost(s.interfaceAddress())
        .setClusterPublicHost(s.interfaceAddress())
        .setPort(s.eventBusPort());
    VertxOptions options = options().setEventBusOptions(bus);
    var builder = Vertx.builder().with(options);
    // a command-line client (a lite member) has nothing to measure
    var registry = liteMember ? null : ProcessMetrics.newRegistry();
    if (registry != null) {
      builder = ProcessMetrics.enable(builder, options, registry);
    }
    return builder.withClusterManager(manager).buildClustered()
        .map(vertx -> {
          if (registry != null) {
            ProcessMetrics.attach(vertx, registry);
          }
          BusCodecs.register(vertx);
          return vertx;
        });
  }

  /** The Hazelcast configuration for these settings; exposed for tests and documentation. */
  public static Config hazelcastConfig(ClusterSettings s) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(s.name());
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    config.setProperty("hazelcast.partition.count", "23");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.graceful.shutdown.max.wait", "10");
    // the event journal (core/journal): a ring of the cluster's last events, and our maps (the node
    // directory, the journal's meta data), with two backups: one host that runs two of the cluster's JVMs
    // (a demo, compose on one machine) and dies, or two processes killed at once, lose nothing
    // (ProcessKillIT lost the node directory's entries with one)
    config.addRingBufferConfig(new com.hazelcast.config.RingbufferConfig(
        io.vertalived.core.journal.HazelcastJournal.NAME)
        .setCapacity(io.vertalived.core.journal.JournalSettings.capacity(System.getenv()))
        .setBackupCount(2).setAsyncBackupCount(0));
    config.addMapConfig(new com.hazelcast.config.MapConfig("vertalived.*").setBackupCount(2).setAsyncBackupCount(0));
    NetworkConfig net = config.getNetworkConfig();
    net.setPort(s.port()).setPortAutoIncrement(true).setPortCount(20);
    net.getInterfaces().setEnabled(true).clear().addInterface(s.interfaceAddress());
    net.setPublicAddress(null);
    JoinConfig join = net.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).clear();
    if (s.members().isEmpty()) {
      join.getTcpIpConfig().addMember(s.interfaceAddress());
    } else {
      s.members().forEach(m -> join.getTcpIpConfig().addMember(m));
    }
    return config;
  }
}
