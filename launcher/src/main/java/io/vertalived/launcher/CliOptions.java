package io.vertalived.launcher;

import io.vertalived.core.cluster.ClusterSettings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line, keepalived's where they overlap ({@code -f -t -d -P -C -i -e}), plus our
 * own ({@code --services}, {@code --cluster...}, {@code --log-level}, {@code --log-format}).
 */
final class CliOptions {
  static final List<String> ALL_SERVICES = List.of("vrrp", "checker", "ipvs", "notifier", "gateway");

  String configFile = "/etc/keepalived/keepalived.conf";
  boolean configTest;
  String configTestOutput;
  boolean dumpConf;
  String configId;
  boolean allConfig;
  Set<String> services = new LinkedHashSet<>(ALL_SERVICES);
  boolean cluster;
  ClusterSettings clusterSettings;
  String logLevel = "info";
  boolean logLevelGiven;
  String logFormat = "text";
  boolean help;
  boolean version;
  /** A control command for a running node ({@link #CONTROL_COMMANDS}), or null to run. */
  String command;
  String commandInstance;
  /** The node a control command goes to; null: the router_id of the configuration. */
  String node;
  /** The running node's pid file (keepalived's {@code -p}). */
  String pidFile = "/run/vertalived.pid";
  /** --gateway-address / --gateway-port; null: the environment's or the gateway's default. */
  String gatewayAddress;
  Integer gatewayPort;
  /**
   * The services' other options, as the system properties they read ({@code vertalived.api.read},
   * {@code vertalived.api.token.file}, {@code vertalived.gateway.tls.cert}, {@code vertalived.vrrp.vipProbeSeconds},
   * ...), in order given.
   */
  final java.util.Map<String, String> gatewayProperties = new java.util.LinkedHashMap<>();
  /** --control-socket: the node's local control socket; null: /run/vertalived/NODE.sock ({@link ControlSocket}). */
  String controlSocket;
  /** --control-group: the group that may use the control socket besides root; null: the process's. */
  String controlGroup;
  /** --health-port (env VERTALIVED_HEALTH_PORT): the process's own health probes; null: none. */
  Integer healthPort;
  static final List<String> CONTROL_COMMANDS = List.of("handover", "resume-preempt", "status", "reload");

  /** Thrown for a bad command line; the message is printed as is. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  static CliOptions parse(String[] args, Map<String, String> env) throws UsageException {
    CliOptions o = new CliOptions();
    ClusterSettings cs;
    try {
      cs = ClusterSettings.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    String healthEnv = env.get("VERTALIVED_HEALTH_PORT");
    if (healthEnv != null && !healthEnv.isBlank()) {
      o.healthPort = port(healthEnv.strip(), "VERTALIVED_HEALTH_PORT");
    }
    List<String> list = new ArrayList<>(List.of(args));
    int[] cur = {0};
    for (; cur[0] < list.size(); cur[0]++) {
      String a = list.get(cur[0]);
      String inline = null;
      if (a.startsWith("--") && a.contains("=")) {
        inline = a.substring(a.indexOf('=') + 1);
        a = a.substring(0, a.indexOf('='));
      }
      switch (a) {
        case "-f", "--use-file" -> o.configFile = value(list, cur, a, inline);
        case "-t", "--config-test" -> {
          o.configTest = true;
          o.configTestOutput = inline;
        }
        case "-d", "--dump-conf" -> o.dumpConf = true;
        case "-i", "--config-id" -> o.configId = value(list, cur, a, inline);
        case "-e", "--all-config" -> o.allConfig = true;
        case "-P", "--vrrp" -> o.services = new LinkedHashSet<>(List.of("vrrp"));
        case "-C", "--check" -> o.services = new LinkedHashSet<>(List.of("checker", "ipvs"));
        case "--services" -> o.services = services(value(list, cur, a, inline));
        case "--cluster" -> o.cluster = true;
        case "--cluster-name" -> cs = cs.withName(value(list, cur, a, inline));
        case "--cluster-members" -> cs = cs.withMembers(ClusterSettings.split(value(list, cur, a, inline)));
        case "--cluster-interface" -> cs = cs.withInterface(value(list, cur, a, inline));
        case "--cluster-port" -> cs = cs.withPort(port(value(list, cur, a, inline), a));
        case "--eventbus-port" -> cs = cs.withEventBusPort(port(value(list, cur, a, inline), a));
        case "--log-level" -> o.logLevelGiven = (o.logLevel = choice(value(list, cur, a, inline), a,
            List.of("error", "warn", "info", "debug", "trace"))) != null;
        case "--log-format" -> o.logFormat = choice(value(list, cur, a, inline), a,
            List.of("text", "json"));
        case "-l", "--log-console", "-n", "--dont-fork", "-D", "--log-detail" -> { }
        case "-h", "--help" -> o.help = true;
        case "-v", "--version" -> o.version = true;
        case "--node" -> o.node = value(list, cur, a, inline);
        case "-p", "--pid" -> o.pidFile = value(list, cur, a, inline);
        case "--gateway-address" -> o.gatewayAddress = value(list, cur, a, inline);
        case "--gateway-port" -> o.gatewayPort = port(value(list, cur, a, inline), a);
        case "--api-token-file" -> o.gatewayProperties.put("vertalived.api.token.file", value(list, cur, a, inline));
        case "--api-read" -> o.gatewayProperties.put("vertalived.api.read", value(list, cur, a, inline));
        case "--gateway-tls-cert" -> o.gatewayProperties.put("vertalived.gateway.tls.cert", value(list, cur, a, inline));
        case "--gateway-tls-key" -> o.gatewayProperties.put("vertalived.gateway.tls.key", value(list, cur, a, inline));
        case "--gateway-cors" -> o.gatewayProperties.put("vertalived.gateway.cors", value(list, cur, a, inline));
        case "--health-port" -> o.healthPort = port(value(list, cur, a, inline), a);
        case "--vip-probe-interval" -> o.gatewayProperties.put("vertalived.vrrp.vipProbeSeconds",
            seconds(value(list, cur, a, inline), a));
        case "--vip-conflict-garp" -> o.gatewayProperties.put("vertalived.vrrp.vipConflictGarp", "true");
        case "--control-socket" -> o.controlSocket = value(list, cur, a, inline);
        case "--control-group" -> o.controlGroup = value(list, cur, a, inline);
        default -> {
          if (!a.startsWith("-") && o.command == null && CONTROL_COMMANDS.contains(a)) {
            o.command = a;
          } else if (!a.startsWith("-") && o.command != null && o.commandInstance == null) {
            o.commandInstance = a;
          } else if (a.startsWith("-t=")) {
            o.configTest = true;
            o.configTestOutput = a.substring(3);
          } else {
            throw new UsageException(a.startsWith("-") ? "unknown option '" + list.get(cur[0]) + "' (see --help)"
                : "unexpected argument '" + a + "' (commands: " + String.join(", ", CONTROL_COMMANDS) + "; see --help)");
          }
        }
      }
    }
    if (o.command != null && o.command.equals("reload") && o.commandInstance != null) {
      throw new UsageException("reload: takes no instance (it reloads the node's whole configuration)");
    }
    if (o.command != null && o.commandInstance == null && !o.command.equals("status") && !o.command.equals("reload")) {
      throw new UsageException(o.command + ": name the vrrp_instance (see --help)");
    }
    o.clusterSettings = cs;
    return o;
  }

  /** The option's value: after '=' or the next word (which is then consumed). */
  private static String value(List<String> list, int[] cur, String opt, String inline)
      throws UsageException {
    if (inline != null) {
      return inline;
    }
    if (cur[0] + 1 >= list.size()) {
      throw new UsageException("option " + opt + " needs a value (see --help)");
    }
    return list.get(++cur[0]);
  }

  private static int port(String v, String opt) throws UsageException {
    try {
      return ClusterSettings.parsePort(v, 0, opt);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** A number of seconds, 0 or more (decimals allowed), as given. */
  private static String seconds(String v, String opt) throws UsageException {
    try {
      double d = Double.parseDouble(v);
      if (d >= 0 && d <= 3600 && !Double.isNaN(d)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new UsageException("option " + opt + ": '" + v + "' is not a number of seconds from 0 to 3600");
  }

  private static String choice(String v, String opt, List<String> allowed) throws UsageException {
    if (!allowed.contains(v)) {
      throw new UsageException("option " + opt + ": '" + v + "' is not one of " + String.join(", ", allowed));
    }
    return v;
  }

  private static Set<String> services(String csv) throws UsageException {
    Set<String> out = new LinkedHashSet<>();
    Set<String> known = new LinkedHashSet<>(ALL_SERVICES);
    // services of jars added to the class path (VERTALIVED_CLASSPATH), e.g. the bench's loadgen
    java.util.ServiceLoader.load(io.vertalived.core.service.SuiteService.class).forEach(s -> known.add(s.name()));
    for (String s : ClusterSettings.split(csv)) {
      if (!known.contains(s)) {
        throw new UsageException("--services: unknown service '" + s + "' (known: "
            + String.join(", ", known) + ")");
      }
      out.add(s);
    }
    if (out.isEmpty()) {
      throw new UsageException("--services: name at least one service");
    }
    return out;
  }

  static String usage() {
    return """
        Usage: vertalived [OPTION...]
               vertalived [OPTION...] handover INSTANCE        planned, hitless handover of a MASTER instance
               vertalived [OPTION...] resume-preempt INSTANCE  let it preempt again after a handover
               vertalived [OPTION...] status [INSTANCE]        state and counters of a node's instances (JSON)
               vertalived [OPTION...] reload                   check the -f file, then have the running node reload it
               vertalived genhash -s IP -p PORT -u URL         MD5 of a URL's body for HTTP_GET digest (genhash --help)
               vertalived ipvs plan|status [-f FILE]         the kernel's LVS table: planned changes, or as ipvsadm -Ln --stats
          -f, --use-file=FILE       keepalived configuration file (default /etc/keepalived/keepalived.conf)
          -t, --config-test[=FILE]  check the configuration, print problems as keepalived -t does, exit 0/4/5/6
          -d, --dump-conf           print the parsed configuration as JSON and exit
          -i, --config-id ID        id for @ID / @^ID lines (default: hostname up to the first '.')
          -e, --all-config          refuse to load if an included file is missing
          -P, --vrrp                run the VRRP service only
          -C, --check               run the checker and IPVS services only
              --services LIST       run these services (vrrp,checker,ipvs,notifier,gateway)
              --cluster             join the cluster (Hazelcast) so services in other JVMs share the bus
              --cluster-name NAME   cluster name                 (env VERTALIVED_CLUSTER_NAME, default vertalived)
              --cluster-members L   comma-separated host[:port], ranges, names  (env VERTALIVED_CLUSTER_MEMBERS)
              --cluster-interface A address to bind and announce, or a network (198.18.100.0/24): this host's
                                    address in it (env VERTALIVED_CLUSTER_INTERFACE, default 127.0.0.1)
              --cluster-port N      first Hazelcast port         (env VERTALIVED_CLUSTER_PORT, default 5701)
              --eventbus-port N     event-bus port, 0 = any      (env VERTALIVED_EVENTBUS_PORT, default 0)
              --log-level LEVEL     error, warn, info, debug, trace (default info)
              --log-format FORMAT   text or json (default text)
              --node NAME           node a command goes to (default: router_id of the -f file): on this host
                                    over its control socket, or with --cluster over the cluster (joined
                                    as a lite member, --cluster-*)
              --control-socket F    the node's local control socket (default /run/vertalived/NODE.sock);
                                    only root and its group may use it (mode 0660)
              --control-group G     that group (default: the node's own)
          -p, --pid FILE            pid file of the running node (default /run/vertalived.pid); reload
                                    without --cluster and without a control socket signals it (SIGHUP)
              --gateway-address A   where the gateway listens (env VERTALIVED_GATEWAY_ADDRESS, default 127.0.0.1)
              --gateway-port N      its port, 0 = any          (env VERTALIVED_GATEWAY_PORT, default 8480)
              --api-token-file F    bearer tokens for API actions, one per line (env VERTALIVED_API_TOKEN_FILE,
                                    or VERTALIVED_API_TOKEN); without one, actions are refused
              --api-read MODE       open (default) or token: reads need a token too (env VERTALIVED_API_READ)
              --gateway-tls-cert F  PEM certificate; with --gateway-tls-key the gateway speaks HTTPS only
              --gateway-tls-key F   its PEM key   (env VERTALIVED_GATEWAY_TLS_CERT, VERTALIVED_GATEWAY_TLS_KEY)
              --gateway-cors LIST   origins allowed from browsers, comma-separated (env VERTALIVED_GATEWAY_CORS)
              --vip-probe-interval S  a MASTER asks the link who else has its VIPs (ARP probe) 0.5 s after
                                    taking over and every S seconds (default 5; 0 = never): another holder is logged and alerted
              --vip-conflict-garp   then also send a fresh gratuitous ARP burst to pull clients back
              --health-port N       this process's /health/live and /health/ready, whatever its services
                                    (env VERTALIVED_HEALTH_PORT; address VERTALIVED_HEALTH_ADDRESS, 127.0.0.1)
          -v, --version             print the version
          -h, --help                this help
        """;
  }
}
