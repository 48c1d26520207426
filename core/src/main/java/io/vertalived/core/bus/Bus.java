package io.vertalived.core.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The contract's addresses used with their types: publish, consume, request and answer through a
 * {@link BusAddress}, so that a body of the wrong type cannot be sent and every body received is
 * the record the contract says. A body that arrives as JSON (a tool on the bus) or empty is
 * decoded into that record; one that cannot be is answered 400 with the reason.
 */
public final class Bus {
  private Bus() {}

  /** Publishes on a cluster-wide stream. */
  public static <B> void publish(Vertx vertx, BusAddress<B, Void> a, B body) {
    vertx.eventBus().publish(a.address(), body);
  }

  /** Publishes on a cluster-wide stream with delivery options (e.g. this JVM only). */
  public static <B> void publish(Vertx vertx, BusAddress<B, Void> a, B body, DeliveryOptions options) {
    vertx.eventBus().publish(a.address(), body, options);
  }

  /** Publishes on a scoped stream. */
  public static <B> void publish(Vertx vertx, BusAddress<B, Void> a, String owner, B body) {
    vertx.eventBus().publish(a.at(owner), body);
  }

  public static <B> MessageConsumer<Object> consume(Vertx vertx, BusAddress<B, Void> a, Consumer<B> handler) {
    return vertx.eventBus().consumer(a.address(), m -> handler.accept(body(a, m.body())));
  }

  public static <B> MessageConsumer<Object> consume(Vertx vertx, BusAddress<B, Void> a, String owner, Consumer<B> handler) {
    return vertx.eventBus().consumer(a.at(owner), m -> handler.accept(body(a, m.body())));
  }

  /** Asks a cluster-wide address; fails with the answerer's code and message, or a timeout. */
  public static <B, R> Future<R> request(Vertx vertx, BusAddress<B, R> a, B body, long timeoutMillis) {
    return request(vertx, a.address(), a, body, timeoutMillis);
  }

  /** Asks a scoped address. */
  public static <B, R> Future<R> request(Vertx vertx, BusAddress<B, R> a, String owner, B body, long timeoutMillis) {
    return request(vertx, a.at(owner), a, body, timeoutMillis);
  }

  private static <B, R> Future<R> request(Vertx vertx, String address, BusAddress<B, R> a, B body, long timeoutMillis) {
    return vertx.eventBus().request(address, body, new DeliveryOptions().setSendTimeout(timeoutMillis))
        .map(m -> reply(a, m.body()));
  }

  /** Answers a cluster-wide address. */
  public static <B, R> MessageConsumer<Object> answer(Vertx vertx, BusAddress<B, R> a, Function<B, Future<R>> handler) {
    return vertx.eventBus().consumer(a.address(), m -> answer(a, m, handler));
  }

  /** Answers a scoped address. */
  public static <B, R> MessageConsumer<Object> answer(Vertx vertx, BusAddress<B, R> a, String owner,
                                                      Function<B, Future<R>> handler) {
    return vertx.eventBus().consumer(a.at(owner), m -> answer(a, m, handler));
  }

  private static <B, R> void answer(BusAddress<B, R> a, Message<Object> m, Function<B, Future<R>> handler) {
    Future<R> reply;
    try {
      reply = handler.apply(body(a, m.body()));
      if (reply == null) {
        reply = Future.failedFuture(new BusFailure(500, a.pattern() + " gave no answer"));
      }
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    reply.onComplete(ar -> {
      if (ar.succeeded()) {
        m.reply(ar.result());
      } else if (ar.cause() instanceof BusFailure f) {
        m.fail(f.code(), f.getMessage());
      } else if (ar.cause() instanceof IllegalArgumentException e) {
        m.fail(BusFailure.BAD_REQUEST, e.getMessage());
      } else {
        m.fail(500, String.valueOf(ar.cause().getMessage()));
      }
    });
  }

  /**
   * The body as the contract's record: itself, or decoded from JSON ({@code null} is {@code {}});
   * an {@link IllegalArgumentException} naming the problem otherwise.
   */
  @SuppressWarnings("unchecked")
  public static <B> B body(BusAddress<B, ?> a, Object raw) {
    Class<B> type = a.body();
    if (type.isInstance(raw)) {
      return (B) raw;
    }
    if (raw == null) {
      raw = new JsonObject();
    }
    if (raw instanceof JsonObject o && Record.class.isAssignableFrom(type)) {
      return (B) RecordJson.decode((Class<? extends Record>) type, o);
    }
    throw new IllegalArgumentException(a.pattern() + " takes " + type.getSimpleName() + ", not "
        + raw.getClass().getSimpleName());
  }

  @SuppressWarnings("unchecked")
  private static <R> R reply(BusAddress<?, R> a, Object raw) {
    Class<R> type = a.reply();
    if (type.isInstance(raw)) {
      return (R) raw;
    }
    if (raw instanceof JsonObject o && Record.class.isAssignableFrom(type)) {
      return (R) RecordJson.decode((Class<? extends Record>) type, o);
    }
    throw new IllegalArgumentException(a.pattern() + " answered " + (raw == null ? "nothing" : raw.getClass().getSimpleName())
        + ", not " + type.getSimpleName());
  }
}
