package io.vertalived.notifier.delivery;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * An endpoint whose answers the test writes: each send takes the next answer queued (delivered
 * when none is), or waits for the test to give it ({@link #hold}).
 */
final class ScriptedTransport implements Transport {
  final List<String> sent = new ArrayList<>();
  final Deque<Attempt> answers = new ArrayDeque<>();
  final List<Promise<Attempt>> held = new ArrayList<>();
  boolean hold;
  boolean closed;

  ScriptedTransport then(Attempt a) {
    answers.add(a);
    return this;
  }

  ScriptedTransport failing(int times, String reason) {
    for (int i = 0; i < times; i++) {
      answers.add(Attempt.Failed.retry(reason));
    }
    return this;
  }

  @Override
  public Future<Attempt> send(Delivery d) {
    sent.add(d.event().subject() + "#" + d.eventId() + (d.attempts() > 0 ? " retry " + d.attempts() : ""));
    if (hold) {
      Promise<Attempt> p = Promise.promise();
      held.add(p);
      return p.future();
    }
    Attempt a = answers.poll();
    return Future.succeededFuture(a == null ? new Attempt.Delivered("200") : a);
  }

  @Override
  public Future<Void> close() {
    closed = true;
    return Future.succeededFuture();
  }
}
