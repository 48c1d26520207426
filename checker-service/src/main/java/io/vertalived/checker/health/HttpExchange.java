package io.vertalived.checker.health;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.vertx.core.Promise;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP request and its response on a probe's own connection, as a Netty handler on the
 * shard's event loop: writes the request when the connection is up (behind TLS, when there is
 * one), feeds what comes back to an {@link HttpResponseReader}, and completes {@code done} with
 * the response, or fails it with why not: silence longer than {@code idleMillis}, no complete
 * response within {@code wholeMillis}, a TLS handshake that failed. The connection is closed
 * when it is decided.
 */
final class HttpExchange extends ChannelInboundHandlerAdapter {
  private final byte[] request;
  private final HttpResponseReader reader;
  private final Promise<HttpResponseReader.Response> done;
  private final long idleMillis;
  private final long wholeMillis;
  private final String tlsFailurePrefix;
  private ScheduledFuture<?> idle;
  private ScheduledFuture<?> whole;
  /** The outcome is known; the connection is closed before anyone hears it (its port is free). */
  private boolean decided;

  /** @param tlsFailurePrefix how a failed handshake is reported, before its reason */
  HttpExchange(byte[] request, HttpResponseReader reader, Promise<HttpResponseReader.Response> done,
               long idleMillis, long wholeMillis, String tlsFailurePrefix) {
    this.request = request;
    this.reader = reader;
    this.done = done;
    this.idleMillis = idleMillis;
    this.wholeMillis = wholeMillis;
    this.tlsFailurePrefix = tlsFailurePrefix;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    whole = ctx.executor().schedule(() -> fail(ctx, "no complete response within " + wholeMillis + " ms"),
        wholeMillis, TimeUnit.MILLISECONDS);
    armIdle(ctx);
    ctx.writeAndFlush(Unpooled.wrappedBuffer(request));
    ctx.fireChannelActive();
  }

  private void armIdle(ChannelHandlerContext ctx) {
    if (idle != null) {
      idle.cancel(false);
    }
    idle = ctx.executor().schedule(() -> fail(ctx, "no data for " + idleMillis + " ms"), idleMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf buf = (ByteBuf) msg;
    try {
      if (done.future().isComplete()) {
        return;
      }
      armIdle(ctx);
      byte[] bytes = new byte[buf.readableBytes()];
      buf.readBytes(bytes);
      HttpResponseReader.Response r = reader.received(bytes);
      if (r != null) {
        finish(ctx);
        done.tryComplete(r);
      }
    } finally {
      buf.release();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SslHandshakeCompletionEvent hs && !hs.isSuccess()) {
      fail(ctx, tlsFailurePrefix + TlsClient.describe(hs.cause()));
    }
    ctx.fireUserEventTriggered(evt);
  }

  /** A reset or a TLS error after the handshake: the connection ends, and the response with it. */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelTimers();
    HttpResponseReader.Response r = decided ? null : reader.ended();
    decided = true;
    if (r != null) {
      done.tryComplete(r);
    }
    ctx.fireChannelInactive();
  }

  private void fail(ChannelHandlerContext ctx, String why) {
    finish(ctx);
    done.tryFail(why);
  }

  private void finish(ChannelHandlerContext ctx) {
    decided = true;
    cancelTimers();
    ctx.close();
  }

  private void cancelTimers() {
    if (idle != null) {
      idle.cancel(false);
    }
    if (whole != null) {
      whole.cancel(false);
    }
  }
}
