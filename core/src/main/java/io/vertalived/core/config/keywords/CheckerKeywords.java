package io.vertalived.core.config.keywords;

import io.vertalived.core.config.model.Checker;
import io.vertalived.core.config.model.IpAddress;
import io.vertalived.core.config.model.ScriptCommand;
import io.vertalived.core.config.parse.Args;
import io.vertalived.core.config.parse.KeywordTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** Keyword tables of the checker blocks (keepalived.conf(5) Virtual server(s)) writing into a {@link CheckerDraft}. */
final class CheckerKeywords {
  /** keepalived's default status codes of a url, 200-299: one list shared by every url (never changed). */
  private static final List<int[]> DEFAULT_STATUS = List.of(new int[] {200, 299});

  private static final Set<String> DNS_TYPES =
      Set.of("A", "NS", "CNAME", "SOA", "MX", "TXT", "AAAA", "RRSIG", "DNSKEY");

  private CheckerKeywords() {}

  /** connect_ip .. log_all_failures: the options shared by all network checkers. */
  static void common(KeywordTable t, Supplier<CheckerDraft> c) {
    t.add("connect_ip", a -> IpAddress.parseHostPart(a.get(1)).ifPresentOrElse(ip -> c.get().connectIp = ip,
        () -> a.error("Invalid connect_ip address " + a.get(1) + " - ignoring")));
    t.add("connect_port", a -> a.integer(1, 0, 65535).ifPresentOrElse(v -> c.get().connectPort = (int) v,
        () -> a.error("Invalid checker connect_port '" + a.get(1) + "'")));
    t.add("bindto", a -> IpAddress.parseHostPart(a.get(1)).ifPresentOrElse(ip -> c.get().bindTo = ip,
        () -> a.error("Invalid bindto address " + a.get(1) + " - ignoring")));
    t.add("bind_if", a -> c.get().bindInterface = a.get(1));
    t.add("bind_port", a -> a.integer(1, 0, 65535).ifPresentOrElse(v -> c.get().bindPort = (int) v,
        () -> a.error("Invalid checker bind_port '" + a.get(1) + "'")));
    t.add("fwmark", a -> a.unsigned(1, 0, 0xffffffffL).ifPresent(v -> c.get().fwmark = (int) v));
    t.add("connect_timeout", a -> a.timer(1, 0.000001, GlobalDefsKeywords.TIMER_MAX).ifPresentOrElse(
        v -> c.get().connectTimeout = v, () -> a.error("connect_timeout " + a.get(1) + " invalid - ignoring")));
    retryEtc(t, c);
  }

  /** retry .. log_all_failures: the options MISC_CHECK shares too. */
  static void retryEtc(KeywordTable t, Supplier<CheckerDraft> c) {
    t.add("retry", a -> a.unsigned(1, 0, Integer.MAX_VALUE).ifPresentOrElse(v -> c.get().retry = (int) v,
        () -> a.error("retry value invalid - " + a.get(1))));
    t.add("delay_before_retry", a -> a.timer(1, 0).ifPresentOrElse(
        v -> c.get().delayBeforeRetry = v, () -> a.error("Delay before retry " + a.get(1) + " invalid - ignoring")));
    t.add("warmup", a -> a.timer(1, 0).ifPresentOrElse(
        v -> c.get().warmup = v, () -> a.error("Warmup " + a.get(1) + " invalid - ignoring")));
    t.add("delay_loop", a -> a.timer(1, 0.000001).ifPresentOrElse(
        v -> c.get().delayLoop = v, () -> a.error("Delay loop " + a.get(1) + " invalid - ignoring")));
    t.add("alpha", a -> a.bool(1, "alpha").ifPresent(v -> c.get().alpha = v));
    t.add("log_all_failures", a -> a.bool(1, "log_all_failures").ifPresent(v -> c.get().logAllFailures = v));
  }

  static KeywordTable http(Supplier<CheckerDraft> c, io.vertalived.core.config.parse.Diagnostics diag) {
    KeywordTable t = new KeywordTable();
    common(t, c);
    t.block("url", a -> {
      CheckerDraft d = c.get();
      d.urlPath = null;
      d.urlDigest = null;
      d.urlStatus = null;
      d.urlVirtualhost = null;
      d.urlRegex = null;
      d.urlRegexNoMatch = false;
    }, urlTable(c), () -> {
      CheckerDraft d = c.get();
      if (d.urlPath == null) {
        // keepalived's url_check(): a url without a path is dropped
        diag.error("HTTP/SSL_GET checker url has no path - ignoring");
        return;
      }
      List<int[]> status = d.urlStatus != null ? d.urlStatus : DEFAULT_STATUS;
      // one path string for the thousands of real servers that name the same URL (a checker keeps them all)
      d.urls.add(new Checker.Url(d.urlPath.intern(), d.urlDigest, status, d.urlVirtualhost, d.urlRegex,
          d.urlRegexNoMatch));
    });
    t.add("http_protocol", a -> {
      if (a.missing("Missing http_protocol version")) {
        return;
      }
      String v = a.get(1);
      if (v.equals("1.0") || v.equals("1.1") || v.equals("1.0C") || v.equals("1.0c")) {
        c.get().httpProtocol = v.toUpperCase(java.util.Locale.ROOT);
      } else {
        a.error("Invalid http_protocol '" + v + "' specified");
      }
    });
    t.add("virtualhost", a -> {
      if (!a.missing("HTTP_GET virtualhost name missing")) {
        c.get().virtualhost = a.get(1);
      }
    });
    t.add("fast_recovery", a -> a.bool(1, "fast_recovery").ifPresent(v -> c.get().fastRecovery = v));
    t.add("nb_get_retry", a -> {
      a.error("nb_get_retry is deprecated - please use 'retry'");
      a.unsigned(1, 0, Integer.MAX_VALUE).ifPresent(v -> c.get().retry = (int) v);
    });
    t.add("enable_sni", a -> a.bool(1, "enable_sni").ifPresent(v -> c.get().enableSni = v));
    t.add("sni_name", a -> {
      c.get().sniName = a.get(1);
      c.get().enableSni = true;
    });
    t.add("tls_compliant", a -> a.bool(1, "tls_compliant").ifPresent(v -> c.get().tlsCompliant = v));
    return t;
  }

  private static KeywordTable urlTable(Supplier<CheckerDraft> c) {
    KeywordTable t = new KeywordTable();
    t.add("path", a -> c.get().urlPath = a.get(1));
    t.add("digest", a -> {
      String dg = a.get(1);
      if (c.get().urlDigest != null) {
        a.error("Digest '" + dg + "' is a duplicate");
        return;
      }
      if (dg.length() != 32) {
        a.error("digest '" + dg + "' character length should be 32 rather than " + dg.length());
        return;
      }
      if (!dg.matches("[0-9a-fA-F]{32}")) {
        a.error("digest '" + dg + "' is not a valid hex string");
        return;
      }
      c.get().urlDigest = dg.toLowerCase(java.util.Locale.ROOT);
    });
    t.add("status_code", a -> {
      List<int[]> ranges = c.get().urlStatus != null ? c.get().urlStatus : new ArrayList<>();
      for (int i = 1; i < a.size(); i++) {
        String w = a.get(i);
        int[] r = statusRange(w);
        if (r == null) {
          a.error("Invalid HTTP_GET status code '" + w + "'");
        } else {
          ranges.add(r);
        }
      }
      c.get().urlStatus = ranges;
    });
    t.add("virtualhost", a -> {
      if (!a.missing("Missing HTTP_GET virtualhost name")) {
        c.get().urlVirtualhost = a.get(1);
      }
    });
    t.add("regex", a -> {
      try {
        java.util.regex.Pattern.compile(a.get(1));
        c.get().urlRegex = a.get(1);
      } catch (java.util.regex.PatternSyntaxException e) {
        a.error("Invalid regex '" + a.get(1) + "': " + e.getDescription());
      }
    });
    t.add("regex_no_match", a -> c.get().urlRegexNoMatch = true);
    t.accept("regex_options", "regex_min_offset", "regex_max_offset", "regex_stack");
    return t;
  }

  private static int[] statusRange(String w) {
    String[] p = w.split("-", -1);
    if (p.length > 2) {
      return null;
    }
    try {
      int lo = Integer.parseInt(p[0]);
      int hi = p.length == 2 ? Integer.parseInt(p[1]) : lo;
      if (lo < 100 || hi > 599 || lo > hi) {
        return null;
      }
      return new int[] {lo, hi};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static KeywordTable tcp(Supplier<CheckerDraft> c) {
    KeywordTable t = new KeywordTable();
    common(t, c);
    return t;
  }

  static KeywordTable smtp(Supplier<CheckerDraft> c) {
    KeywordTable t = new KeywordTable();
    common(t, c);
    t.add("helo_name", a -> {
      if (!a.missing("SMTP_CHECK helo name missing")) {
        c.get().heloName = a.get(1);
      }
    });
    KeywordTable host = new KeywordTable();
    common(host, c);
    t.block("host", a -> a.warn("SMTP_CHECK host block is deprecated"), host, null);
    return t;
  }

  static KeywordTable misc(Supplier<CheckerDraft> c) {
    KeywordTable t = new KeywordTable();
    retryEtc(t, c);
    t.add("misc_path", a -> {
      if (!a.scriptMissing(false)) { // keepalived's misc_path_handler(): nothing given keeps what was
        c.get().miscPath = ScriptCommand.parse(a.get(1), null, null);
      }
    });
    t.add("misc_timeout", a -> a.unsigned(1, 0, VrrpKeywords.TIMER_MAX_SECONDS).ifPresentOrElse(
        v -> c.get().miscTimeout = (double) v, () -> a.error("Invalid misc_timeout value '" + a.get(1) + "'")));
    t.add("misc_dynamic", a -> c.get().miscDynamic = true);
    t.add("user", a -> {
      if (a.missing("No user specified for misc checker script "
          + (c.get().miscPath != null ? c.get().miscPath.command() : ""))) {
        return;
      }
      c.get().user = a.get(1);
      c.get().group = a.opt(2).orElse(null);
    });
    return t;
  }

  static KeywordTable dns(Supplier<CheckerDraft> c) {
    KeywordTable t = new KeywordTable();
    common(t, c);
    t.add("type", a -> {
      String v = a.get(1).toUpperCase(java.util.Locale.ROOT);
      if (DNS_TYPES.contains(v)) {
        c.get().dnsType = v;
      } else {
        a.error("DNS_CHECK: Unknown type " + a.get(1));
      }
    });
    t.add("name", a -> {
      // keepalived's dns_name_handler(): once, and no empty label (its own scan, kept as it is)
      if (c.get().dnsName != null) {
        a.error("DNS_CHECK name already specified - ignoring");
        return;
      }
      String name = a.get(1);
      if (emptyLabel(name)) {
        a.error("DNS_CHECK name '" + name + "' has empty label - ignoring");
        return;
      }
      c.get().dnsName = name;
    });
    return t;
  }

  static KeywordTable udp(Supplier<CheckerDraft> c) {
    KeywordTable t = new KeywordTable();
    common(t, c);
    t.add("payload", a -> c.get().payload = a.rest(1));
    t.add("require_reply", a -> c.get().requireReply = a.has(1) ? a.rest(1) : "");
    t.add("min_reply_length", a -> a.unsigned(1, 0, 65535).ifPresent(v -> c.get().minReplyLength = (int) v));
    t.add("max_reply_length", a -> a.unsigned(1, 0, 65535).ifPresent(v -> c.get().maxReplyLength = (int) v));
    return t;
  }

  static KeywordTable ping(Supplier<CheckerDraft> c) {
    return tcp(c);
  }

  static KeywordTable file(Supplier<CheckerDraft> c) {
    KeywordTable t = new KeywordTable();
    t.add("track_file", a -> c.get().trackFile = a.get(1));
    t.add("file", a -> c.get().trackFile = a.get(1));
    t.add("dynamic", a -> c.get().dynamic = true);
    t.add("weight", a -> {
      a.integer(1, Integer.MIN_VALUE, Integer.MAX_VALUE).ifPresent(v -> c.get().weight = (int) v);
      c.get().reverse = a.opt(2).filter("reverse"::equals).isPresent();
    });
    return t;
  }

  static KeywordTable bfd(Supplier<CheckerDraft> c) {
    KeywordTable t = new KeywordTable();
    t.add("name", a -> c.get().bfdName = a.get(1));
    t.add("alpha", a -> a.bool(1, "alpha").ifPresent(v -> c.get().alpha = v));
    return t;
  }


  /** keepalived's scan: a leading '.' with more after it, or a '.' after the first character or after any '.'. */
  static boolean emptyLabel(String name) {
    if (name.startsWith(".") && name.length() > 1) {
      return true;
    }
    for (int p = 0; p >= 0; p = name.indexOf('.', p + 1)) {
      if (p + 1 < name.length() && name.charAt(p + 1) == '.') {
        return true;
      }
    }
    return false;
  }
}
