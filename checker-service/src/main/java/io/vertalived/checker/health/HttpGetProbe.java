package io.vertalived.checker.health;

import io.vertalived.core.config.model.Checker;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertalived.core.config.model.SslSettings;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code HTTP_GET} and {@code SSL_GET} (keepalived.conf(5) Virtual server(s); TLS as {@link TlsClient} sets it up): every
 * {@code url} in turn (while recovering, one per check unless {@code fast_recovery}), each on its
 * own connection (from {@code bindto}/{@code bind_port}; straight on the event loop's epoll,
 * {@link EpollHttpExchange}, else and with TLS a {@link TcpConnector} channel), with
 * keepalived's request ({@code GET path HTTP/1.x}, {@code User-Agent: KeepAliveClient},
 * {@code Connection: close} for 1.0C and 1.1, {@code Host}: the virtualhost or {@code ip:port});
 * a URL passes when its status is in its set (default 200-299), the body's MD5 equals
 * {@code digest} and {@code regex} matches (or not, with {@code regex_no_match}). Redirects are
 * not followed. Bounded: silence longer than {@code connect_timeout}, or a URL taking longer than
 * {@code connect_timeout + delay_loop} in all, fails; the body as {@link HttpResponseReader} says.
 */
final class HttpGetProbe implements Probe {
  private final Checker.HttpGet check;
  /** Plain HTTP straight on the event loop's epoll where it runs Netty's; else null and {@link #connector} serves. */
  private final EpollConnect epoll;
  /** TLS, or no epoll: a Netty channel; null otherwise. */
  private final TcpConnector connector;
  private final io.netty.handler.ssl.SslContext tlsContext;
  private final java.net.InetSocketAddress target;
  private final String host;
  private final int port;
  private final long stepMillis;
  private final long urlMillis;
  /** While recovering without fast_recovery: the URL to check next. */
  private int recoveringNext;

  HttpGetProbe(Vertx vertx, Checker.HttpGet check, SslSettings tls, String realServerIp, int realServerPort) {
    this(vertx, check, tls, true, realServerIp, realServerPort);
  }

  /** @param verifyPeer false only for genhash, which (as keepalived's) takes any certificate */
  HttpGetProbe(Vertx vertx, Checker.HttpGet check, SslSettings tls, boolean verifyPeer, String realServerIp,
               int realServerPort) {
    this.check = check;
    var s = check.settings();
    this.stepMillis = Math.max(1, Math.round(s.connectTimeout() * 1000));
    this.urlMillis = stepMillis + Math.max(1, Math.round(s.delayLoop() * 1000));
    java.net.InetAddress bindTo = s.bindTo() != null ? s.bindTo().address() : null;
    this.epoll = check.ssl() ? null : EpollConnect.on(vertx, (int) stepMillis, bindTo, s.bindPort());
    this.connector = epoll != null ? null : TcpConnector.of(vertx, (int) stepMillis, bindTo, s.bindPort());
    this.tlsContext = check.ssl() ? TlsClient.context(vertx, tls, verifyPeer) : null;
    this.host = s.connectIp() != null ? s.connectIp().toString() : realServerIp;
    this.port = s.connectPort() > 0 ? s.connectPort() : realServerPort;
    this.target = TcpConnector.address(host, port);
    check.urls().forEach(u -> {
      if (u.regex() != null) {
        Pattern.compile(u.regex()); // a bad regex fails at start-up, not at every check
      }
    });
  }

  /** keepalived's request for one URL. */
  static String request(Checker.HttpGet check, Checker.Url url, String host, int port) {
    String version = check.httpProtocol().equals("1.1") ? "1.1" : "1.0";
    String vhost = url.virtualhost() != null ? url.virtualhost() : check.virtualhost();
    String hostHeader = vhost != null ? vhost : TcpConnector.hostPort(host, port);
    return "GET " + url.path() + " HTTP/" + version + "\r\n"
        + "User-Agent: KeepAliveClient\r\n"
        + (check.httpProtocol().equals("1.0") ? "" : "Connection: close\r\n")
        + "Host: " + hostHeader + "\r\n\r\n";
  }

  /** Null when the response passes the URL's tests, else why not. */
  static String judge(Checker.Url url, HttpResponseReader.Response r) {
    if (r.failure() != null) {
      return r.failure();
    }
    boolean inSet = false;
    for (int[] range : url.statusCodes()) { // a loop, not a stream: this runs at every check
      inSet |= r.status() >= range[0] && r.status() <= range[1];
    }
    if (!inSet) {
      return "HTTP status " + r.status() + " not in " + url.statusCodes().stream()
          .map(range -> range[0] == range[1] ? Integer.toString(range[0]) : range[0] + "-" + range[1])
          .collect(Collectors.joining(","));
    }
    if (url.digest() != null && !url.digest().equalsIgnoreCase(r.md5())) {
      return "MD5 digest of the body " + r.md5() + " is not " + url.digest();
    }
    if (url.regex() != null) {
      boolean found = Pattern.compile(url.regex()).matcher(r.kept()).find();
      if (found == url.regexNoMatch()) {
        return "regex '" + url.regex() + "' " + (found ? "matched" : "did not match");
      }
    }
    return null;
  }

  @Override
  public Future<ProbeOutcome> probe() {
    long start = System.nanoTime();
    return each(check.urls(), 0, start);
  }

  /**
   * keepalived's recovery (keepalived.conf(5) Virtual server(s): retry, delay_before_retry, warmup): while the checker is DOWN and without {@code fast_recovery},
   * one URL per {@code delay_loop}, in order; only when the last one passes is the check a
   * success (the checker comes UP). A URL that fails starts the round again.
   */
  @Override
  public Future<ProbeOutcome> probe(boolean recovering) {
    List<Checker.Url> urls = check.urls();
    if (!recovering || check.fastRecovery() || urls.size() == 1) {
      recoveringNext = 0;
      return probe();
    }
    long start = System.nanoTime();
    int i = Math.min(recoveringNext, urls.size() - 1);
    Checker.Url url = urls.get(i);
    return one(url).map(problem -> {
      double ms = ProbeOutcome.millisSince(start);
      if (problem != null) {
        recoveringNext = 0;
        return new ProbeOutcome(false, url.path() + ": " + problem, ms);
      }
      if (i == urls.size() - 1) {
        recoveringNext = 0;
        return new ProbeOutcome(true, urls.size() + " URLs passed, one per delay_loop", ms);
      }
      recoveringNext = i + 1;
      return new ProbeOutcome(false, url.path() + " passed (" + (i + 1) + " of " + urls.size()
          + " URLs while recovering; the next one a delay_loop later, all at once with fast_recovery)", ms);
    });
  }

  /** "1 URL passed", "2 URLs passed": one string per count, not one per result (a checker keeps its latest). */
  private static final String[] PASSED = {"0 URLs passed", "1 URL passed", "2 URLs passed", "3 URLs passed"};

  static String passed(int urls) {
    return urls < PASSED.length ? PASSED[urls] : urls + " URLs passed";
  }

  private Future<ProbeOutcome> each(List<Checker.Url> urls, int i, long start) {
    if (i == urls.size()) {
      return Future.succeededFuture(new ProbeOutcome(true, passed(urls.size()), ProbeOutcome.millisSince(start)));
    }
    Checker.Url url = urls.get(i);
    return one(url).compose(problem -> problem == null ? each(urls, i + 1, start)
        : Future.succeededFuture(new ProbeOutcome(false, url.path() + ": " + problem, ProbeOutcome.millisSince(start))));
  }

  /** One URL on its own connection: null when it passed, else why not. */
  private Future<String> one(Checker.Url url) {
    boolean regex = url.regex() != null;
    return fetch(url, url.digest() != null || regex, regex)
        .map(r -> judge(url, r))
        .otherwise(Throwable::getMessage);
  }

  /**
   * Sends the URL's request and reads the response (its body too when {@code needBody}); fails
   * with the reason when there is no complete response in time.
   */
  Future<HttpResponseReader.Response> fetch(Checker.Url url, boolean needBody, boolean keep) {
    byte[] request = request(check, url, host, port).getBytes(StandardCharsets.US_ASCII);
    HttpResponseReader reader = new HttpResponseReader(needBody, keep);
    if (epoll != null) {
      return epoll.exchange(target, request, reader, stepMillis, urlMillis)
          .recover(e -> Future.failedFuture(connectionFailed() + TcpProbe.describe(e)));
    }
    Promise<HttpResponseReader.Response> done = connector.promise();
    String failed = connectionFailed();
    HttpExchange exchange = new HttpExchange(request, reader, done, stepMillis, urlMillis, failed);
    String sni = null;
    if (check.ssl() && check.enableSni()) {
      String vhost = url.virtualhost() != null ? url.virtualhost() : check.virtualhost();
      sni = check.sniName() != null ? check.sniName() : vhost;
    }
    String sniName = sni;
    ChannelHandler handler = tlsContext == null ? exchange : new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast(sniName != null ? tlsContext.newHandler(ch.alloc(), sniName, port) : tlsContext.newHandler(ch.alloc()));
        ch.pipeline().addLast(exchange);
      }
    };
    connector.connect(target, handler).onFailure(e -> done.tryFail(failed + TcpProbe.describe(e)));
    return done.future();
  }

  /** How a connection that could not be made (or a TLS handshake that failed) is reported, before its reason. */
  private String connectionFailed() {
    return (check.ssl() ? "TLS " : "") + "connection to " + TcpConnector.hostPort(host, port) + " failed: ";
  }

  /** Whether plain HTTP goes straight on the event loop's epoll ({@link EpollConnect}). */
  boolean onEpoll() {
    return epoll != null;
  }

  @Override
  public void close() {}
}
