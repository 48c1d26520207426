package io.vertalived.core.config.keywords;

import io.vertalived.core.config.model.Checker;
import io.vertalived.core.config.model.CheckerSettings;
import io.vertalived.core.config.model.GlobalDefs;
import io.vertalived.core.config.model.IpAddress;
import io.vertalived.core.config.model.RealServer;
import io.vertalived.core.config.model.ScriptCommand;
import io.vertalived.core.config.model.SslSettings;
import io.vertalived.core.config.model.Tunnel;
import io.vertalived.core.config.model.VirtualServer;
import io.vertalived.core.config.model.VirtualServerGroup;
import io.vertalived.core.config.parse.Args;
import io.vertalived.core.config.parse.ConfigErrorCategory;
import io.vertalived.core.config.parse.Diagnostics;
import io.vertalived.core.config.parse.KeywordTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The checker subsystem's blocks: {@code virtual_server}, {@code virtual_server_group},
 * {@code real_server} and its checkers (keepalived.conf(5) Virtual server(s)), with keepalived's defaults.
 */
public final class LvsSection {
  static final Set<String> SCHEDULERS = Set.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh",
      "sh", "sed", "nq", "fo", "ovf", "mh", "twos");
  static final Set<String> SCHED_FLAGS = Set.of("ops", "hashed", "flag-1", "flag-2", "flag-3",
      "sh-port", "sh-fallback", "mh-port", "mh-fallback");

  private final Diagnostics diag;
  private final HostFacts host;
  private final List<VsDraft> servers = new ArrayList<>();
  private final Map<String, VirtualServerGroup> groups = new LinkedHashMap<>();
  private VsDraft vs;
  private RsDraft rs;
  private CheckerDraft checker;
  private boolean scriptsUsed;
  private SslSettings ssl = new SslSettings(null, null, null, null);

  public LvsSection(Diagnostics diag) {
    this(diag, null);
  }

  /** With the host: a MISC_CHECK whose program cannot be run does not count for script security. */
  public LvsSection(Diagnostics diag, HostFacts host) {
    this.host = host;
    this.diag = diag;
  }

  private static final String[] BLOCKS = {"virtual_server", "virtual_server_group", "SSL"};

  public void register(KeywordTable root, boolean active) {
    if (!active) {
      root.inactive(BLOCKS);
      return;
    }
    root.block("virtual_server", this::openVs, this::vsTable, null);
    // keepalived's handle_ssl_file(): a missing value is reported, a second one replaces the first
    root.block("SSL", a -> { }, new KeywordTable()
        .add("password", a -> sslValue(a, "password", ssl.password() != null).ifPresent(v ->
            ssl = new SslSettings(new io.vertalived.core.config.model.Secret(v), ssl.ca(), ssl.certificate(), ssl.key())))
        .add("ca", a -> sslValue(a, "cafile", ssl.ca() != null).ifPresent(v ->
            ssl = new SslSettings(ssl.password(), v, ssl.certificate(), ssl.key())))
        .add("certificate", a -> sslValue(a, "certfile", ssl.certificate() != null).ifPresent(v ->
            ssl = new SslSettings(ssl.password(), ssl.ca(), v, ssl.key())))
        .add("key", a -> sslValue(a, "keyfile", ssl.key() != null).ifPresent(v ->
            ssl = new SslSettings(ssl.password(), ssl.ca(), ssl.certificate(), v))), null);
    // the group's entries are address lines, not keywords
    root.namedValueBlock("virtual_server_group", this::openGroup, this::groupEntry);
  }

  static final class VsDraft {
    VirtualServer.Kind kind;
    IpAddress address;
    int port;
    int fwmark;
    String group;
    String label;
    String protocol;
    String lbAlgo;
    final List<String> flags = new ArrayList<>();
    String lbKind;
    Tunnel tunnel;
    Integer persistence;
    String granularity;
    String engine;
    Integer quorum;
    int hysteresis;
    ScriptCommand quorumUp;
    ScriptCommand quorumDown;
    boolean omega;
    boolean haSuspend;
    boolean inhibit;
    String virtualhost;
    String sorryServer;
    boolean sorryInhibit;
    Boolean smtpAlert;
    String ipFamily;
    Integer weight;
    final CheckerDraft defaults = new CheckerDraft("VS");
    final List<RsDraft> realServers = new ArrayList<>();
    /** The virtual server's address family (keepalived's vs->af): its address's, else its first real server's. */
    Boolean ipv6;
  }

  static final class RsDraft {
    /** A MISC_CHECK of it has a script that would run (script security). */
    boolean miscScripts;
    IpAddress address;
    int port;
    Integer weight;
    String lvsMethod;
    Tunnel tunnel;
    Boolean inhibit;
    ScriptCommand notifyUp;
    ScriptCommand notifyDown;
    int uthreshold;
    int lthreshold;
    Boolean smtpAlert;
    final CheckerDraft defaults = new CheckerDraft("RS");
    final List<CheckerDraft> checkers = new ArrayList<>();
  }

  private static Optional<String> sslValue(Args a, String type, boolean already) {
    if (a.size() < 2) {
      a.error("SSL " + type + " missing");
      return Optional.empty();
    }
    if (already) {
      a.error("SSL " + type + " already specified - replacing");
    }
    return Optional.of(a.get(1));
  }

  /** keepalived's alloc_vs(): an address, a fwmark or a group; a bad one skips the whole block. */
  private void openVs(Args a) {
    if (vs == null) {
      // what a refused block's lines (read without a '{') apply to when no server came before
      vs = new VsDraft();
    }
    String first = a.get(1);
    String second = a.has(2) ? a.get(2) : null;
    VsDraft draft = new VsDraft();
    switch (first) {
      case "fwmark" -> {
        draft.kind = VirtualServer.Kind.FWMARK;
        OptionalLong mark = second == null ? OptionalLong.empty() : a.unsignedWord(second, 0, 0xffffffffL);
        if (mark.isEmpty()) {
          a.skipBlock("virtual server fwmark '" + second + "' must be in [0, 4294967295] - ignoring");
        }
        draft.fwmark = (int) mark.getAsLong();
        draft.label = "FWM " + second;
      }
      case "group" -> {
        draft.kind = VirtualServer.Kind.GROUP;
        draft.group = a.get(2);
        draft.label = "GROUP " + draft.group;
      }
      default -> {
        draft.kind = VirtualServer.Kind.ADDRESS;
        // a port of zeros is no port (keepalived's legacy "no port")
        String port = second != null && !second.matches("0*") ? second : null;
        Optional<SocketAddress> at = socketAddress(a, first, port);
        if (at.isEmpty()) {
          a.skipBlock("Invalid virtual server IP address" + (port != null ? "/port" : "") + " " + first
              + (port != null ? "/" + port : "") + " - skipping");
        }
        draft.address = at.get().address();
        draft.ipv6 = draft.address.isIpv6();
        draft.port = at.get().port();
      }
    }
    vs = draft;
    servers.add(vs);
  }

  /**
   * getaddrinfo(AI_NUMERICHOST, AF_INET)'s reading of an IPv4 address (inet_aton()): one to four
   * parts, decimal, octal (leading 0) or hex (0x), the last filling the remaining bytes.
   */
  static boolean inetAton(String w) {
    String[] parts = w.split("\\.", -1);
    if (parts.length < 1 || parts.length > 4) {
      return false;
    }
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      long v;
      try {
        if (p.matches("0[xX][0-9a-fA-F]*")) {
          v = p.length() == 2 ? 0 : Long.parseLong(p.substring(2), 16);
        } else if (p.matches("0[0-7]*")) {
          v = p.length() == 1 ? 0 : Long.parseLong(p.substring(1), 8);
        } else if (p.matches("[1-9][0-9]*")) {
          v = Long.parseLong(p);
        } else {
          return false;
        }
      } catch (NumberFormatException e) {
        return false;
      }
      long max = i < parts.length - 1 ? 255 : (1L << (8 * (4 - i))) - 1;
      if (v > max) {
        return false;
      }
    }
    return true;
  }

  /** An address and a port as keepalived's inet_stosockaddr() reads them. */
  record SocketAddress(IpAddress address, int port) {}

  /**
   * keepalived's inet_stosockaddr(): the port (if any) read as an unsigned 1-65535, its messages
   * printed; the address up to a '-' or '/' (a range or a prefix is ignored), IPv6 when it has a ':'.
   */
  static Optional<SocketAddress> socketAddress(Args a, String ip, String port) {
    int p = 0;
    if (port != null) {
      OptionalLong n = a.unsignedWord(port, 1, 65535);
      if (n.isEmpty()) {
        return Optional.empty();
      }
      p = (int) n.getAsLong();
    }
    Optional<IpAddress> address = IpAddress.parseHostPart(ip);
    if (address.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new SocketAddress(address.get(), p));
  }

  private KeywordTable vsTable() {
    KeywordTable t = new KeywordTable();
    t.add("delay_loop", a -> a.timer(1, 0.000001).ifPresentOrElse(
        v -> vs.defaults.delayLoop = v, () -> a.error("virtual server delay loop '" + a.get(1) + "' invalid - ignoring")));
    KeywordTable.Handler sched = a -> {
      String s = a.get(1);
      if (SCHEDULERS.contains(s)) {
        vs.lbAlgo = s;
      } else {
        a.error("Invalid lvs_scheduler '" + s + "' - ignoring");
      }
    };
    t.add("lb_algo", sched);
    t.add("lvs_sched", sched);
    KeywordTable.Handler method = a -> {
      ForwardingLine.Forwarding f = ForwardingLine.parse(a, "virtual");
      if (f != null) {
        vs.lbKind = f.method();
        vs.tunnel = f.tunnel() != null ? f.tunnel() : vs.tunnel;
      }
    };
    t.add("lb_kind", method);
    t.add("lvs_method", method);
    t.add("protocol", a -> {
      String p = a.get(1).toUpperCase(Locale.ROOT);
      if (p.equals("TCP") || p.equals("UDP") || p.equals("SCTP")) {
        vs.protocol = p;
      } else {
        a.error("Unknown protocol " + a.get(1) + " - ignoring");
      }
    });
    t.add("persistence_timeout", a -> {
      if (!a.has(1)) {
        vs.persistence = 360;
        return;
      }
      a.unsigned(1, 1, 31 * 24 * 3600L).ifPresent(v -> vs.persistence = (int) v);
    });
    // keepalived's pgr_handler(): a prefix length for IPv6, a netmask (inet_aton's forms) for IPv4
    t.add("persistence_granularity", a -> {
      String w = a.get(1);
      boolean v6 = vs.ipv6 != null ? vs.ipv6 : !w.contains(".");
      if (v6 ? a.unsignedWord(w, 1, 128).isEmpty() : !inetAton(w)) {
        a.error("Invalid " + (v6 ? "IPv6" : "IPv4") + " persistence_granularity specified - " + w);
        return;
      }
      vs.granularity = w;
      // it fixes the family, and makes the service persistent when no timeout was given
      if (vs.ipv6 == null) {
        vs.ipv6 = v6;
      }
      if (vs.persistence == null) {
        vs.persistence = 360;
      }
    });
    t.add("persistence_engine", a -> vs.engine = a.get(1));
    t.add("quorum", a -> a.unsigned(1, 1, Integer.MAX_VALUE).ifPresent(v -> vs.quorum = (int) v));
    t.add("hysteresis", a -> a.unsigned(1, 0, Integer.MAX_VALUE).ifPresent(v -> vs.hysteresis = (int) v));
    t.add("quorum_up", a -> {
      vs.quorumUp = script(a);
      scriptsUsed = true;
    });
    t.add("quorum_down", a -> {
      vs.quorumDown = script(a);
      scriptsUsed = true;
    });
    t.add("alpha", a -> a.bool(1, "alpha").ifPresent(v -> vs.defaults.alpha = v));
    t.add("omega", a -> vs.omega = true);
    t.add("ha_suspend", a -> vs.haSuspend = true);
    t.add("inhibit_on_failure", a -> a.bool(1, "inhibit_on_failure").ifPresent(v -> vs.inhibit = v));
    t.add("virtualhost", a -> {
      if (!a.missing("virtual server virtualhost missing")) {
        vs.virtualhost = a.get(1);
      }
    });
    // keepalived's alloc_ssvr(): an address and a port as a real server's
    t.add("sorry_server", a -> {
      String port = a.has(2) && !a.get(2).matches("0*") ? a.get(2) : null;
      if (socketAddress(a, a.get(1), port).isEmpty()) {
        a.error("Invalid sorry server IP address " + a.get(1) + " - skipping");
        return;
      }
      vs.sorryServer = a.rest(1);
    });
    t.add("sorry_server_inhibit", a -> vs.sorryInhibit = true);
    t.add("sorry_server_lvs_method", a -> { });
    t.add("smtp_alert", a -> a.bool(1, () -> "Invalid virtual_server smtp_alert parameter " + a.get(1))
        .ifPresent(v -> vs.smtpAlert = v));
    t.add("ip_family", a -> vs.ipFamily = a.get(1));
    t.add("snmp_name", a -> { });
    t.add("weight", a -> a.integer(1, 0, Integer.MAX_VALUE).ifPresent(v -> vs.weight = (int) v));
    t.add("connect_timeout", a -> a.timer(1, 0.000001, GlobalDefsKeywords.TIMER_MAX).ifPresentOrElse(
        v -> vs.defaults.connectTimeout = v, () -> a.error("connect_timeout " + a.get(1) + " invalid - ignoring")));
    t.add("retry", a -> a.unsigned(1, 0, Integer.MAX_VALUE).ifPresent(v -> vs.defaults.retry = (int) v));
    t.add("delay_before_retry", a -> a.timer(1, 0).ifPresent(v -> vs.defaults.delayBeforeRetry = v));
    t.add("warmup", a -> a.timer(1, 0).ifPresent(v -> vs.defaults.warmup = v));
    for (String f : SCHED_FLAGS) {
      t.add(f, a -> vs.flags.add(f));
    }
    t.block("real_server", this::openRs, this::rsTable, this::closeRs);
    return t;
  }

  /**
   * keepalived's rs_end_handler(): a real server not of its virtual server's address family (the
   * address's, else the first real server's) is dropped, unless tunnelled.
   */
  private void closeRs() {
    String method = rs.lvsMethod != null ? rs.lvsMethod : vs.lbKind;
    if ("TUN".equals(method) || rs.address == null || !vs.realServers.contains(rs)) {
      return;
    }
    if (vs.ipv6 == null) {
      vs.ipv6 = rs.address.isIpv6();
    } else if (vs.ipv6 != rs.address.isIpv6()) {
      diag.error(ConfigErrorCategory.GENERAL_ERROR, "Address family of virtual server and real server " + rs.address
          + " don't match - skipping real server.");
      vs.realServers.remove(rs);
    }
  }

  /** keepalived's alloc_rs(): an invalid address or port skips the whole block. */
  private void openRs(Args a) {
    if (rs == null) {
      rs = new RsDraft();
    }
    String ip = a.get(1);
    String port = a.has(2) ? a.get(2) : null;
    String portWord = port != null && !port.matches("0*") ? port : null;
    Optional<SocketAddress> at = socketAddress(a, ip, portWord);
    if (at.isEmpty()) {
      a.skipBlock("Invalid real server ip address/port " + ip + "/" + (port != null ? port : "(null)") + " - skipping");
    }
    rs = new RsDraft();
    rs.address = at.get().address();
    rs.port = at.get().port();
    vs.realServers.add(rs);
  }

  private KeywordTable rsTable() {
    KeywordTable t = new KeywordTable();
    t.add("weight", a -> a.integer(1, 0, Integer.MAX_VALUE).ifPresentOrElse(v -> rs.weight = (int) v,
        () -> a.error("Real server weight " + a.get(1) + " is outside range 0-" + Integer.MAX_VALUE)));
    t.add("lvs_method", a -> {
      ForwardingLine.Forwarding f = ForwardingLine.parse(a, "real");
      if (f != null) {
        rs.lvsMethod = f.method();
        rs.tunnel = f.tunnel() != null ? f.tunnel() : rs.tunnel;
      }
    });
    t.add("inhibit_on_failure", a -> a.bool(1, "inhibit_on_failure").ifPresent(v -> rs.inhibit = v));
    t.add("notify_up", a -> {
      rs.notifyUp = script(a);
      scriptsUsed = true;
    });
    t.add("notify_down", a -> {
      rs.notifyDown = script(a);
      scriptsUsed = true;
    });
    t.add("uthreshold", a -> a.unsigned(1, 0, Integer.MAX_VALUE).ifPresent(v -> rs.uthreshold = (int) v));
    t.add("lthreshold", a -> a.unsigned(1, 0, Integer.MAX_VALUE).ifPresent(v -> rs.lthreshold = (int) v));
    t.add("smtp_alert", a -> a.bool(1, () -> "Invalid real_server smtp_alert parameter " + a.get(1))
        .ifPresent(v -> rs.smtpAlert = v));
    t.add("virtualhost", a -> {
      if (!a.missing("real server virtualhost missing")) {
        rs.defaults.virtualhost = a.get(1);
      }
    });
    t.add("snmp_name", a -> { });
    CheckerKeywords.retryEtc(t, () -> rs.defaults);
    t.add("connect_timeout", a -> a.timer(1, 0.000001, GlobalDefsKeywords.TIMER_MAX).ifPresentOrElse(
        v -> rs.defaults.connectTimeout = v, () -> a.error("connect_timeout " + a.get(1) + " invalid - ignoring")));
    checker(t, "HTTP_GET", () -> CheckerKeywords.http(() -> checker, diag));
    checker(t, "SSL_GET", () -> CheckerKeywords.http(() -> checker, diag));
    checker(t, "TCP_CHECK", () -> CheckerKeywords.tcp(() -> checker));
    checker(t, "SMTP_CHECK", () -> CheckerKeywords.smtp(() -> checker));
    checker(t, "MISC_CHECK", () -> CheckerKeywords.misc(() -> checker));
    checker(t, "DNS_CHECK", () -> CheckerKeywords.dns(() -> checker));
    checker(t, "UDP_CHECK", () -> CheckerKeywords.udp(() -> checker));
    checker(t, "PING_CHECK", () -> CheckerKeywords.ping(() -> checker));
    checker(t, "FILE_CHECK", () -> CheckerKeywords.file(() -> checker));
    checker(t, "BFD_CHECK", () -> CheckerKeywords.bfd(() -> checker));
    return t;
  }

  /** The checkers that connect to an address (keepalived calls check_conn_opts() at their end). */
  private static final java.util.Set<String> CONNECTING = java.util.Set.of("HTTP_GET", "SSL_GET", "TCP_CHECK",
      "SMTP_CHECK", "DNS_CHECK", "UDP_CHECK", "PING_CHECK");

  private void checker(KeywordTable t, String type, java.util.function.Supplier<KeywordTable> sub) {
    t.block(type, a -> {
      checker = new CheckerDraft(type);
      rs.checkers.add(checker);
    }, sub, () -> {
      if (type.equals("MISC_CHECK")) {
        if (checker.miscPath == null) {
          diag.error(ConfigErrorCategory.GENERAL_ERROR, "Misc check with no script specified - ignoring");
          rs.checkers.remove(checker);
        } else if (host == null || host.executable(checker.miscPath.program())) {
          // keepalived disables a check script it cannot find: it then does not count; one of a real or
          // virtual server dropped later does not count either (build())
          rs.miscScripts = true;
        }
      }
      if ((type.equals("HTTP_GET") || type.equals("SSL_GET")) && checker.urls.isEmpty()) {
        // keepalived's http_get_check_end()
        diag.error(ConfigErrorCategory.GENERAL_ERROR, "HTTP/SSL_GET checker has no urls specified - ignoring");
        rs.checkers.remove(checker);
      } else if (CONNECTING.contains(type)) {
        // keepalived's check_conn_opts(): a link-local target needs the interface to reach it on
        IpAddress target = checker.connectIp != null ? checker.connectIp : rs.address;
        if (target != null && target.address().isLinkLocalAddress() && target.isIpv6() && checker.bindInterface == null
            && rs.defaults.bindInterface == null) {
          diag.error(ConfigErrorCategory.GENERAL_ERROR, "Checker link local address " + target.address().getHostAddress()
              + " requires a bind_if");
          rs.checkers.remove(checker);
        }
      }
    });
  }

  private void openGroup(Args a) {
    String name = a.get(1);
    groups.put(name, new VirtualServerGroup(name, List.of(), List.of()));
    currentGroup = name;
  }

  private String currentGroup;

  private void groupEntry(Args a) {
    VirtualServerGroup g = groups.get(currentGroup);
    List<VirtualServerGroup.Range> ranges = new ArrayList<>(g.ranges());
    List<Integer> marks = new ArrayList<>(g.fwmarks());
    String first = a.get(0);
    if (first.equals("fwmark")) {
      a.unsigned(1, 1, 0xffffffffL).ifPresent(v -> marks.add((int) v));
    } else {
      VirtualServerGroup.Range r = GroupRanges.parse(first, a);
      if (r != null) {
        int port = 0;
        if (a.has(1)) {
          port = (int) a.integer(1, 0, 65535).orElse(0);
        }
        ranges.add(new VirtualServerGroup.Range(r.first(), r.last(), port));
      }
    }
    groups.put(currentGroup, new VirtualServerGroup(currentGroup, ranges, marks));
  }

  private static ScriptCommand script(Args a) {
    return a.scriptMissing() ? null : ScriptCommand.parse(a.get(1), a.opt(2).orElse(null), a.opt(3).orElse(null));
  }

  // ---- post-parse (keepalived.conf(5) Virtual server(s)) ----

  public record Result(List<VirtualServer> virtualServers, Map<String, VirtualServerGroup> groups,
                       SslSettings ssl, boolean scriptsUsed) {}

  public Result build(GlobalDefs g) {
    List<VirtualServer> out = new ArrayList<>();
    for (VsDraft v : servers) {
      String label = v.kind == VirtualServer.Kind.ADDRESS
          ? "[" + v.address + "]:" + (v.protocol == null ? "none" : v.protocol.toLowerCase(Locale.ROOT)) + ":" + v.port
          : v.label;
      if (v.kind == VirtualServer.Kind.ADDRESS && v.address == null) {
        continue;
      }
      if (v.realServers.isEmpty()) {
        diag.unlocated(ConfigErrorCategory.WARNING, "Virtual server " + label + " has no real servers - ignoring");
        continue;
      }
      if (v.kind == VirtualServer.Kind.GROUP && !groups.containsKey(v.group)) {
        diag.unlocated(ConfigErrorCategory.GENERAL_ERROR,
            "Virtual server group " + v.group + " does not exist - ignoring virtual server");
        continue;
      }
      scriptsUsed |= v.realServers.stream().anyMatch(r -> r.miscScripts);
      String protocol = v.protocol;
      if (protocol == null && v.kind != VirtualServer.Kind.FWMARK) {
        diag.unlocated(ConfigErrorCategory.WARNING, "Virtual server " + label + ": no protocol set - defaulting to UDP");
        protocol = "UDP";
        label = v.kind == VirtualServer.Kind.ADDRESS ? "[" + v.address + "]:udp:" + v.port : label;
      }
      if (protocol == null) {
        protocol = "TCP";
      }
      String algo = v.lbAlgo;
      if (algo == null) {
        diag.unlocated(ConfigErrorCategory.WARNING, "Virtual server " + label + ": no scheduler set, setting default 'wlc'");
        algo = "wlc";
      }
      String kind = v.lbKind;
      if (kind == null) {
        // keepalived says so when a real server (or the sorry server) would inherit the method it does not have
        if (v.sorryServer != null || v.realServers.stream().anyMatch(r -> r.address != null && r.lvsMethod == null)) {
          diag.unlocated(ConfigErrorCategory.WARNING, "Virtual server " + label
              + ": no forwarding method set, setting default NAT");
        }
        kind = "NAT";
      }
      double delayLoop = v.defaults.delayLoop != null ? v.defaults.delayLoop : 60;
      int vsWeight = v.weight != null ? v.weight : 1;
      boolean smtpDefault = v.smtpAlert != null ? v.smtpAlert
          : g.smtpAlertChecker() != null ? g.smtpAlertChecker() : g.smtpAlert() != null && g.smtpAlert();
      List<RealServer> reals = new ArrayList<>();
      Set<String> seen = new LinkedHashSet<>();
      int totalWeight = 0;
      for (RsDraft r : v.realServers) {
        if (r.address == null) {
          continue;
        }
        String method = r.lvsMethod != null ? r.lvsMethod : kind;
        Tunnel tunnel = (r.lvsMethod != null ? r.tunnel : v.tunnel);
        tunnel = method.equals("TUN") ? (tunnel != null ? tunnel : Tunnel.IPIP) : null;
        int port = r.port;
        if (!method.equals("NAT") && v.kind == VirtualServer.Kind.ADDRESS) {
          // keepalived's validation: DR and TUN real servers take the virtual server's port
          if (port != 0 && port != v.port) {
            diag.unlocated(ConfigErrorCategory.WARNING, "WARNING - virtual server " + label + " and real server ["
                + r.address + "]:" + protocol.toLowerCase(Locale.ROOT) + ":" + port + " ports don't match - resetting");
          }
          port = v.port;
        } else if (!method.equals("NAT") && v.kind == VirtualServer.Kind.FWMARK && port != 0) {
          diag.unlocated(ConfigErrorCategory.WARNING, "WARNING - fwmark virtual server " + label + ", real server ["
              + r.address + "]:" + protocol.toLowerCase(Locale.ROOT) + ":" + port + " has port specified - clearing");
        }
        if (v.kind == VirtualServer.Kind.FWMARK) {
          port = 0;
        }
        if (!seen.add(r.address + ":" + port)) {
          diag.unlocated(ConfigErrorCategory.WARNING, "Virtual server " + label
              + ": real server [" + r.address + "]:" + port + " is duplicated - removing");
          continue;
        }
        List<Checker> checkers = new ArrayList<>();
        for (CheckerDraft c : r.checkers) {
          checkers.add(CheckerBuilder.build(c, r, v, port, delayLoop, g.checkerLogAllFailures()));
        }
        int weight = r.weight != null ? r.weight : vsWeight;
        totalWeight += weight;
        // keepalived.conf(5) real_server smtp_alert: its own, else the global checker default, else
        // smtp_alert, else yes (not the virtual server's: keepalived does not inherit it)
        boolean rsSmtp = r.smtpAlert != null ? r.smtpAlert : g.smtpAlertChecker() != null ? g.smtpAlertChecker()
            : g.smtpAlert() == null || g.smtpAlert();
        reals.add(new RealServer(r.address, port, weight, method, tunnel,
            r.inhibit != null ? r.inhibit : v.inhibit, r.notifyUp, r.notifyDown, r.uthreshold,
            r.lthreshold, rsSmtp, checkers));
      }
      int quorum = v.quorum != null ? v.quorum : 1;
      if (totalWeight > 0 && quorum > totalWeight) {
        diag.unlocated(ConfigErrorCategory.WARNING, "Warning - quorum " + quorum + " for " + label
            + " exceeds total weight of real servers " + totalWeight + ", reducing quorum to " + totalWeight);
        quorum = totalWeight;
      }
      int hysteresis = v.hysteresis;
      if (hysteresis >= quorum && hysteresis > 0) {
        diag.unlocated(ConfigErrorCategory.WARNING, "Warning - hysteresis " + hysteresis + " for "
            + label + " >= quorum " + quorum + ", setting to " + (quorum - 1));
        hysteresis = quorum - 1;
      }
      boolean haSuspend = v.haSuspend;
      if (haSuspend && (v.kind == VirtualServer.Kind.FWMARK || v.kind == VirtualServer.Kind.GROUP
          && groups.containsKey(v.group) && !groups.get(v.group).fwmarks().isEmpty())) {
        diag.unlocated(ConfigErrorCategory.WARNING, "Virtual server " + label
            + ": cannot use ha_suspend with fwmarks - clearing ha_suspend");
        haSuspend = false;
      }
      Integer persistence = v.persistence;
      if (persistence != null && v.port == 0 && v.kind == VirtualServer.Kind.ADDRESS) {
        persistence = 360;
      }
      // keepalived's validation: a service without a port must be persistent
      if (persistence == null && (v.kind == VirtualServer.Kind.ADDRESS && v.port == 0
          || v.kind == VirtualServer.Kind.GROUP && groups.get(v.group).ranges().stream().anyMatch(x -> x.port() == 0))) {
        diag.unlocated(ConfigErrorCategory.WARNING, "Virtual server " + (v.kind == VirtualServer.Kind.GROUP
            ? "[" + v.group + "]:0" : label) + ": zero port only valid for persistent services - setting");
        persistence = 360;
      }
      out.add(new VirtualServer(v.kind, v.address, v.port, v.fwmark, v.group, protocol, algo,
          v.flags, kind, kind.equals("TUN") ? (v.tunnel != null ? v.tunnel : Tunnel.IPIP) : null, persistence, v.granularity, v.engine, delayLoop, quorum, hysteresis,
          v.quorumUp, v.quorumDown, v.defaults.alpha != null && v.defaults.alpha, v.omega,
          haSuspend, v.inhibit, v.virtualhost, v.sorryServer, v.sorryInhibit, smtpDefault,
          v.ipFamily, reals));
    }
    return new Result(out, groups, ssl, scriptsUsed);
  }

  /** Resolves a checker's settings: its own, else real server's, else virtual server's. */
  static final class CheckerBuilder {
    private CheckerBuilder() {}

    /** @param logAllFailures global_defs checker_log_all_failures: the default of every checker's log_all_failures */
    static Checker build(CheckerDraft c, RsDraft r, VsDraft v, int rsPort, double vsDelayLoop, boolean logAllFailures) {
      int defRetry = switch (c.type) {
        case "MISC_CHECK" -> 0;
        case "DNS_CHECK" -> 3;
        default -> 1;
      };
      double delayLoop = first(c.delayLoop, r.defaults.delayLoop, vsDelayLoop);
      double defDelayBeforeRetry = switch (c.type) {
        case "HTTP_GET", "SSL_GET" -> 3;
        case "DNS_CHECK" -> delayLoop;
        default -> 1;
      };
      CheckerSettings s = new CheckerSettings(
          c.connectIp != null ? c.connectIp : r.address,
          c.connectPort != null ? c.connectPort : rsPort,
          c.bindTo, c.bindInterface, c.bindPort != null ? c.bindPort : 0,
          c.fwmark != null ? c.fwmark : 0,
          first(c.connectTimeout, r.defaults.connectTimeout, v.defaults.connectTimeout != null ? v.defaults.connectTimeout : 5),
          (int) first(c.retry == null ? null : c.retry.doubleValue(),
              r.defaults.retry == null ? null : r.defaults.retry.doubleValue(),
              v.defaults.retry != null ? v.defaults.retry : defRetry),
          first(c.delayBeforeRetry, r.defaults.delayBeforeRetry,
              v.defaults.delayBeforeRetry != null ? v.defaults.delayBeforeRetry : defDelayBeforeRetry),
          first(c.warmup, r.defaults.warmup, v.defaults.warmup != null ? v.defaults.warmup : delayLoop),
          delayLoop,
          c.alpha != null ? c.alpha : r.defaults.alpha != null ? r.defaults.alpha
              : v.defaults.alpha != null && v.defaults.alpha,
          c.logAllFailures != null ? c.logAllFailures
              : r.defaults.logAllFailures != null ? r.defaults.logAllFailures : logAllFailures);
      String vhost = c.virtualhost != null ? c.virtualhost
          : r.defaults.virtualhost != null ? r.defaults.virtualhost : v.virtualhost;
      return switch (c.type) {
        case "HTTP_GET", "SSL_GET" -> new Checker.HttpGet(s, c.type.equals("SSL_GET"), c.urls,
            c.httpProtocol != null ? c.httpProtocol : "1.0", vhost, c.fastRecovery, c.enableSni,
            c.sniName, c.tlsCompliant);
        case "SMTP_CHECK" -> new Checker.SmtpCheck(s, c.heloName != null ? c.heloName : "smtpchecker.keepalived.org");
        case "MISC_CHECK" -> new Checker.MiscCheck(s, c.user == null ? c.miscPath
            : new ScriptCommand(c.miscPath.command(), c.miscPath.argv(), c.user, c.group),
            c.miscTimeout != null ? c.miscTimeout : delayLoop, c.miscDynamic);
        case "DNS_CHECK" -> new Checker.DnsCheck(s, c.dnsType != null ? c.dnsType : "SOA",
            c.dnsName != null ? c.dnsName : ".");
        case "UDP_CHECK" -> new Checker.UdpCheck(s, c.payload, c.requireReply, c.minReplyLength, c.maxReplyLength);
        case "PING_CHECK" -> new Checker.PingCheck(s);
        case "FILE_CHECK" -> new Checker.FileCheck(s, c.trackFile, c.dynamic,
            c.weight != null ? c.weight : 1, c.reverse);
        case "BFD_CHECK" -> new Checker.BfdCheck(s, c.bfdName);
        default -> new Checker.TcpCheck(s);
      };
    }

    private static double first(Double a, Double b, double c) {
      return a != null ? a : b != null ? b : c;
    }
  }
}
