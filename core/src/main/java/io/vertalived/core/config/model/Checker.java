package io.vertalived.core.config.model;

import java.util.List;

/** A health checker of a real server (keepalived.conf(5) Virtual server(s)). A real server is alive iff all are up. */
public sealed interface Checker {
  CheckerSettings settings();

  /** keepalived's name of the checker type, e.g. {@code HTTP_GET}. */
  String type();

  /** {@code HTTP_GET} or {@code SSL_GET}: every URL must pass. */
  record HttpGet(
      CheckerSettings settings,
      boolean ssl,
      List<Url> urls,
      String httpProtocol,
      String virtualhost,
      boolean fastRecovery,
      boolean enableSni,
      String sniName,
      boolean tlsCompliant) implements Checker {
    public HttpGet {
      urls = List.copyOf(urls);
    }

    @Override
    public String type() {
      return ssl ? "SSL_GET" : "HTTP_GET";
    }
  }

  /**
   * One {@code url { }}: {@code statusCodes} as inclusive ranges (default 200-299),
   * {@code digest} the lower-case MD5 hex of the body if set.
   */
  record Url(String path, String digest, List<int[]> statusCodes, String virtualhost,
             String regex, boolean regexNoMatch) {
    /** By value, the status ranges too (a reload compares definitions). */
    @Override
    public boolean equals(Object o) {
      return o instanceof Url u && java.util.Objects.equals(path, u.path) && java.util.Objects.equals(digest, u.digest)
          && ranges(statusCodes).equals(ranges(u.statusCodes)) && java.util.Objects.equals(virtualhost, u.virtualhost)
          && java.util.Objects.equals(regex, u.regex) && regexNoMatch == u.regexNoMatch;
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(path, digest, ranges(statusCodes), virtualhost, regex, regexNoMatch);
    }

    private static List<List<Integer>> ranges(List<int[]> codes) {
      return codes == null ? List.of() : codes.stream().map(r -> java.util.Arrays.stream(r).boxed().toList()).toList();
    }
  }

  record TcpCheck(CheckerSettings settings) implements Checker {
    @Override
    public String type() {
      return "TCP_CHECK";
    }
  }

  record SmtpCheck(CheckerSettings settings, String heloName) implements Checker {
    @Override
    public String type() {
      return "SMTP_CHECK";
    }
  }

  /** {@code MISC_CHECK}: {@code timeout} defaults to delay_loop. */
  record MiscCheck(CheckerSettings settings, ScriptCommand script, double timeout,
                   boolean dynamic) implements Checker {
    @Override
    public String type() {
      return "MISC_CHECK";
    }
  }

  record DnsCheck(CheckerSettings settings, String queryType, String name) implements Checker {
    @Override
    public String type() {
      return "DNS_CHECK";
    }
  }

  record UdpCheck(CheckerSettings settings, String payload, String requireReply,
                  int minReplyLength, int maxReplyLength) implements Checker {
    @Override
    public String type() {
      return "UDP_CHECK";
    }
  }

  record PingCheck(CheckerSettings settings) implements Checker {
    @Override
    public String type() {
      return "PING_CHECK";
    }
  }

  record FileCheck(CheckerSettings settings, String trackFile, boolean dynamic, int weight,
                   boolean reverse) implements Checker {
    @Override
    public String type() {
      return "FILE_CHECK";
    }
  }

  record BfdCheck(CheckerSettings settings, String bfdName) implements Checker {
    @Override
    public String type() {
      return "BFD_CHECK";
    }
  }
}
