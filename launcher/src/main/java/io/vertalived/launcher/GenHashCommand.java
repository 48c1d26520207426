package io.vertalived.launcher;

import io.vertalived.checker.health.GenHash;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/**
 * {@code vertalived genhash -s IP -p PORT -u URL [-S] [-V VHOST] [-r 1.0|1.1] [-t SECS]}: keepalived's
 * genhash, the MD5 of a URL's body as HTTP_GET fetches it, to paste into {@code digest}. Prints
 * {@code MD5SUM = <hex>}; exit 0, 1 when the URL gave no body, 2 for a bad command line.
 */
final class GenHashCommand {
  private GenHashCommand() {}

  static String usage() {
    return """
        Usage: vertalived genhash -s IP -p PORT -u URL [-S] [-V VIRTUALHOST] [-r 1.0|1.1] [-t SECONDS]
          -s, --server      real server address
          -p, --port        port (default 80, 443 with -S)
          -u, --url         path, e.g. /health
          -S, --use-ssl     over TLS, as SSL_GET (any certificate is taken here; SSL_GET
                            verifies it); SNI is the virtualhost
          -V, --virtualhost Host header (default IP:PORT)
          -r, --release     HTTP version 1.0 (default) or 1.1
          -t, --timeout     seconds to wait (default 5)
        """;
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    String server = null;
    String url = null;
    String vhost = null;
    String release = "1.0";
    int port = -1;
    boolean ssl = false;
    double timeout = 5;
    try {
      for (int i = 1; i < args.length; i++) {
        String a = args[i];
        String v = i + 1 < args.length ? args[i + 1] : null;
        switch (a) {
          case "-s", "--server" -> server = need(a, v);
          case "-p", "--port" -> port = Integer.parseInt(need(a, v));
          case "-u", "--url" -> url = need(a, v);
          case "-V", "--virtualhost" -> vhost = need(a, v);
          case "-r", "--release" -> release = need(a, v);
          case "-t", "--timeout" -> timeout = Double.parseDouble(need(a, v));
          case "-S", "--use-ssl" -> {
            ssl = true;
            continue;
          }
          case "-h", "--help" -> {
            out.print(usage());
            return 0;
          }
          default -> throw new IllegalArgumentException("unknown option '" + a + "'");
        }
        i++;
      }
      if (server == null || url == null) {
        throw new IllegalArgumentException("-s and -u are required");
      }
      if (!release.equals("1.0") && !release.equals("1.1")) {
        throw new IllegalArgumentException("-r: '" + release + "' is not 1.0 or 1.1");
      }
      if (port == -1) {
        port = ssl ? 443 : 80;
      }
      if (port < 1 || port > 65535 || timeout <= 0) {
        throw new IllegalArgumentException("port must be 1..65535 and the timeout above 0");
      }
    } catch (IllegalArgumentException e) {
      err.println("vertalived genhash: " + e.getMessage() + " (see genhash --help)");
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try {
      GenHash.Digest d = GenHash.md5(vertx, server, port, url, vhost, release, timeout, ssl)
          .await((long) (timeout * 3 + 5), TimeUnit.SECONDS);
      if (d.status() < 200 || d.status() > 299) {
        err.println("vertalived genhash: note: HTTP status " + d.status());
      }
      out.println("MD5SUM = " + d.md5());
      return 0;
    } catch (Exception e) {
      Throwable c = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
      err.println("vertalived genhash: " + server + ":" + port + url + ": " + c.getMessage());
      return 1;
    } finally {
      vertx.close();
    }
  }

  private static String need(String opt, String v) {
    if (v == null) {
      throw new IllegalArgumentException("option " + opt + " needs a value");
    }
    return v;
  }
}
