package io.vertalived.gateway.sse;

import io.vertalived.core.journal.EventJournal;
import io.vertalived.core.journal.JournalEntry;
import io.vertalived.core.journal.JournalPage;
import io.vertalived.core.journal.PublishedEvent;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The SSE stream of a gateway (docs/api.md): one tail of the journal for every client, so that a
 * thousand clients cost one reader. A client that gives a position ({@code Last-Event-ID} or
 * {@code ?since=}) is first replayed from the journal, page by page, until it reaches the tail,
 * then streamed live; a position the journal no longer holds gets a {@code gap} event saying how
 * many events it missed, a position beyond the journal's end (a journal that restarted) a
 * {@code reset} and the journal from its start. A client whose output backs up (its write queue
 * is full) is dropped at once: it reconnects with its last id and misses nothing, and nobody
 * else waits for it. Runs on one context; never blocks.
 */
public final class EventFeed {
  private static final Logger LOG = Logger.getLogger("io.vertalived.gateway");
  private static final int PAGE = 500;
  /** What a client may have unsent before it counts as slow. */
  static final int WRITE_QUEUE_BYTES = 256 * 1024;

  private final Context context;
  private final EventJournal journal;
  private final Set<Client> live = new LinkedHashSet<>();
  /** Read from other threads (health, tests): volatile. */
  private volatile long position = -1;
  private volatile int clients;
  private volatile long lag;
  private volatile long dropped;
  private boolean stopped;

  /** One connected client. */
  private final class Client {
    final HttpServerResponse out;
    final EventFilter filter;
    /** The next journal id this client needs. */
    long next;
    boolean closed;

    Client(HttpServerResponse out, EventFilter filter, long next) {
      this.out = out;
      this.filter = filter;
      this.next = next;
    }

    /** Writes a frame; false (and the client dropped) when it cannot keep up or is gone. */
    boolean write(String frame) {
      return write(Buffer.buffer(frame));
    }

    /** The same buffer goes to every client that wants it: an event is encoded once, not once per client. */
    boolean write(Buffer frame) {
      if (closed) {
        return false;
      }
      if (out.writeQueueFull()) {
        drop("its output is backed up");
        return false;
      }
      out.write(frame);
      return true;
    }

    /** Sends {@code e} (its frame, {@code frame}, encoded once for every client) if this client wants it. */
    void send(PublishedEvent e, Buffer frame) {
      if (e.id() >= next) {
        next = e.id() + 1;
        if (filter.wants(e)) {
          write(frame);
        }
      }
    }

    void drop(String why) {
      if (!closed) {
        closed = true;
        live.remove(this);
        clients = live.size();
        dropped++;
        LOG.fine(() -> "SSE client dropped: " + why);
        out.reset();
      }
    }
  }

  public EventFeed(Context context, EventJournal journal) {
    this.context = context;
    this.journal = journal;
  }

  /** Starts the tail at the journal's end. */
  public void start() {
    journal.next().onComplete(ar -> context.runOnContext(v -> {
      if (ar.failed()) {
        LOG.warning("cannot find the journal's end: " + ar.cause().getMessage() + "; again in 1 s");
        context.owner().setTimer(1000, t -> start());
        return;
      }
      position = ar.result();
      tail();
    }));
  }

  private void tail() {
    if (stopped) {
      return;
    }
    journal.await(position, PAGE).onComplete(ar -> context.runOnContext(v -> {
      if (stopped) {
        return;
      }
      if (ar.failed()) {
        LOG.warning("cannot read the journal from id " + position + ": " + ar.cause().getMessage() + "; again in 1 s");
        context.owner().setTimer(1000, t -> tail());
        return;
      }
      JournalPage page = ar.result();
      if (page.missed() > 0) {
        // the tail itself fell behind the journal: every live client hears what it missed
        JsonObject gap = new JsonObject().put("from", position).put("missed", page.missed()).put("oldest", page.oldest())
            .put("reason", page.missed() + " events left the journal before this gateway could send them");
        for (Client c : List.copyOf(live)) {
          c.write(SseFrame.control("gap", gap));
        }
      }
      for (JournalEntry entry : page.entries()) {
        PublishedEvent e = read(entry);
        if (e != null) {
          Buffer frame = Buffer.buffer(SseFrame.event(e));
          for (Client c : List.copyOf(live)) {
            c.send(e, frame);
          }
        }
      }
      position = Math.max(position, page.next());
      tail();
    }));
  }

  private static PublishedEvent read(JournalEntry entry) {
    try {
      return PublishedEvent.of(entry);
    } catch (RuntimeException bad) {
      LOG.warning("journal entry " + entry.id() + " (" + entry.type() + ") cannot be read: " + bad.getMessage());
      return null;
    }
  }

  /**
   * A new client (on this feed's context): live from now when {@code since} is null, else
   * replayed from the event after {@code since}.
   */
  public void connect(HttpServerResponse out, EventFilter filter, Long since) {
    out.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    out.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8").putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    out.write(SseFrame.retry(1000));
    if (position < 0) {
      // the tail has not found the journal's end yet: a client without a position starts at 1
      since = since == null ? 0L : since;
    }
    Client c = new Client(out, filter, since == null ? position : since + 1);
    out.closeHandler(v -> c.drop("it closed the connection"));
    out.exceptionHandler(e -> c.drop(String.valueOf(e.getMessage())));
    if (since == null) {
      live.add(c);
      clients = live.size();
      return;
    }
    if (position >= 0 && c.next > position) {
      c.write(SseFrame.control("reset", new JsonObject().put("last_event_id", since).put("journal_next", position)
          .put("reason", "the journal does not have that id (it restarted): the stream starts again from its oldest event")));
      c.next = 1;
    }
    replay(c);
  }

  private void replay(Client c) {
    long from = c.next;
    journal.read(from, PAGE).onComplete(ar -> context.runOnContext(v -> {
      if (c.closed || stopped) {
        return;
      }
      if (ar.failed()) {
        c.drop("the journal could not be read: " + ar.cause().getMessage());
        return;
      }
      JournalPage page = ar.result();
      if (page.missed() > 0) {
        c.write(SseFrame.control("gap", new JsonObject().put("from", from).put("missed", page.missed())
            .put("oldest", page.oldest()).put("reason", page.missed() + " events left the journal before they could be sent")));
      }
      for (JournalEntry entry : page.entries()) {
        PublishedEvent e = read(entry);
        c.next = entry.id() + 1;
        if (e != null && c.filter.wants(e) && !c.write(SseFrame.event(e))) {
          return;
        }
      }
      c.next = Math.max(c.next, page.next());
      if (page.entries().isEmpty() && c.next >= position && position >= 0) {
        live.add(c);
        clients = live.size();
      } else if (page.entries().isEmpty()) {
        // the tail has not reached this far yet: look again shortly
        context.owner().setTimer(20, t -> replay(c));
      } else {
        replay(c);
      }
    }));
  }

  /** A comment to every client: keeps proxies from closing idle streams, finds dead ones. */
  public void heartbeat() {
    for (Client c : List.copyOf(live)) {
      c.write(SseFrame.heartbeat());
    }
  }

  /** The next journal id the tail waits for; -1 before it has found the journal's end. */
  public long position() {
    return position;
  }

  public int clients() {
    return clients;
  }

  /** Events the journal held beyond this tail's position when last measured ({@link #measureLag}). */
  public long lag() {
    return lag;
  }

  /** Asks the journal how far it is ahead of this tail (for the journal-lag metric). */
  public void measureLag() {
    journal.next().onSuccess(n -> lag = position < 0 ? 0 : Math.max(0, n - position));
  }

  public long dropped() {
    return dropped;
  }

  public void stop() {
    stopped = true;
    for (Client c : new ArrayList<>(live)) {
      c.closed = true;
      c.out.end();
    }
    live.clear();
    clients = 0;
  }
}
