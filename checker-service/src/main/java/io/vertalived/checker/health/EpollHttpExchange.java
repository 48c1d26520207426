package io.vertalived.checker.health;

import io.netty.channel.IoEventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.internal.PromiseInternal;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One HTTP request and its response on an {@link EpollConnection}: the request written once connected (the rest
 * when the socket is writable again), then what arrives fed to an {@link HttpResponseReader} until it has the
 * response (the connection is then closed with an RST, as {@link HttpExchange} does on a channel). Silence longer
 * than {@code idleMillis}, or no complete response within {@code wholeMillis} of the connection, is the response's
 * failure in {@link HttpExchange}'s words; so is a connection the server ends (or resets) before the response is
 * complete, as the reader says. The connection's one timer serves both bounds: data that arrives moves a deadline,
 * not a timer. The buffers it reads into belong to the event loop's thread, not to the exchange.
 */
final class EpollHttpExchange extends EpollConnection {
  /** What one read (or write) takes at most: a health page's head and body fit, a larger one takes several. */
  private static final int READ_SIZE = 16 * 1024;

  /** The event loop thread's buffers: the socket's reads land in the direct one, the reader gets the heap copy. */
  private record Buffers(ByteBuffer direct, byte[] heap) {}

  private static final FastThreadLocal<Buffers> BUFFERS = new FastThreadLocal<>() {
    @Override
    protected Buffers initialValue() {
      return new Buffers(ByteBuffer.allocateDirect(READ_SIZE), new byte[READ_SIZE]);
    }
  };

  private final byte[] request;
  private final HttpResponseReader reader;
  private final long idleMillis;
  private final long wholeMillis;
  private final PromiseInternal<HttpResponseReader.Response> promise;
  private int written;
  private long idleDeadline;
  private long wholeDeadline;
  private HttpResponseReader.Response response;

  EpollHttpExchange(IoEventLoop loop, int connectTimeoutMillis, byte[] request, HttpResponseReader reader,
                    long idleMillis, long wholeMillis, PromiseInternal<HttpResponseReader.Response> promise) {
    super(loop, connectTimeoutMillis);
    this.request = request;
    this.reader = reader;
    this.idleMillis = idleMillis;
    this.wholeMillis = wholeMillis;
    this.promise = promise;
  }

  @Override
  void established() {
    long now = System.nanoTime();
    wholeDeadline = now + wholeMillis * 1_000_000;
    idleDeadline = now + idleMillis * 1_000_000;
    write(); // the connect timeout's timer, due before either bound, fires on to them (timerFired)
  }

  @Override
  void ready() {
    if (written < request.length) {
      write();
      if (written < request.length || isDone()) {
        return;
      }
    }
    read();
  }

  /**
   * As much of the request as the socket takes: until all of it went or the socket took less than offered (it is full;
   * the next writable edge brings the rest). Then the response is awaited.
   */
  private void write() {
    ByteBuffer direct = BUFFERS.get().direct();
    while (written < request.length) {
      int length = Math.min(request.length - written, READ_SIZE);
      direct.clear();
      direct.put(request, written, length);
      int n;
      try {
        n = socket().write(direct, 0, length);
      } catch (IOException e) { // reset before the request went out: the response ends here
        end();
        return;
      }
      written += n;
      if (n < length) {
        return;
      }
    }
  }

  /**
   * What arrived, until the socket has no more for now (edge-triggered: the next edge comes only with more), the
   * response is complete or the connection ended.
   */
  private void read() {
    Buffers buffers = BUFFERS.get();
    while (true) {
      int n;
      try {
        n = socket().read(buffers.direct(), 0, READ_SIZE);
      } catch (IOException e) { // a reset ends the response as a close does
        end();
        return;
      }
      if (n == 0) { // nothing more for now
        return;
      }
      if (n < 0) {
        end();
        return;
      }
      idleDeadline = System.nanoTime() + idleMillis * 1_000_000;
      buffers.direct().get(0, buffers.heap(), 0, n);
      HttpResponseReader.Response r = reader.received(buffers.heap(), 0, n);
      if (r != null) {
        response = r;
        finish(null);
        return;
      }
    }
  }

  /** The server ended the connection: complete if the body runs to the close, else the reader's failure. */
  private void end() {
    response = reader.ended();
    finish(null);
  }

  @Override
  void timerFired() {
    long now = System.nanoTime();
    if (now - wholeDeadline >= 0) {
      failed("no complete response within " + wholeMillis + " ms");
    } else if (now - idleDeadline >= 0) {
      failed("no data for " + idleMillis + " ms");
    } else {
      arm((Math.min(idleDeadline, wholeDeadline) - now + 999_999) / 1_000_000);
    }
  }

  private void failed(String why) {
    response = HttpResponseReader.failed(why);
    finish(null);
  }

  @Override
  void ended(Throwable failure) {
    if (failure != null) {
      promise.tryFail(failure);
    } else {
      promise.tryComplete(response);
    }
  }
}
