package io.vertalived.notifier.delivery;

import io.vertalived.core.journal.PublishedEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The delivery store of a notifier on its own: one SQLite file (WAL, {@code synchronous=NORMAL}:
 * a committed step survives {@code kill -9} of the process). Every call runs on one thread of its
 * own, in order, never on an event loop; its completion comes back on the caller's context.
 */
public final class SqliteDeliveryStore implements DeliveryStore {
  private final Context context;
  private final ExecutorService thread;
  private final Connection db;

  private SqliteDeliveryStore(Context context, ExecutorService thread, Connection db) {
    this.context = context;
    this.thread = thread;
    this.db = db;
  }

  /** Opens (creating it and its directory if need be) the store at {@code file}; blocking. */
  public static SqliteDeliveryStore open(Context context, Path file) throws SQLException, java.io.IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement s = db.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=NORMAL");
      s.execute("CREATE TABLE IF NOT EXISTS position (id INTEGER PRIMARY KEY CHECK (id = 1), epoch TEXT NOT NULL,"
          + " next INTEGER NOT NULL)");
      s.execute("CREATE TABLE IF NOT EXISTS pending (key TEXT PRIMARY KEY, endpoint TEXT NOT NULL, lane TEXT NOT NULL,"
          + " event_id INTEGER NOT NULL, event TEXT NOT NULL, attempts INTEGER NOT NULL)");
      s.execute("CREATE INDEX IF NOT EXISTS pending_order ON pending (event_id)");
      s.execute("CREATE TABLE IF NOT EXISTS set_aside (key TEXT PRIMARY KEY, endpoint TEXT NOT NULL, event_id INTEGER"
          + " NOT NULL, event TEXT NOT NULL, attempts INTEGER NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL)");
    }
    db.setAutoCommit(false);
    db.commit();
    ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "vertalived-notifier-store");
      t.setDaemon(true);
      return t;
    });
    return new SqliteDeliveryStore(context, thread, db);
  }

  @FunctionalInterface
  private interface Step<T> {
    T run() throws SQLException;
  }

  /** Runs a step on the store's thread, committed (rolled back on failure), completed on the context. */
  private <T> Future<T> step(Step<T> step) {
    Promise<T> p = Promise.promise();
    try {
      thread.execute(() -> {
        try {
          T v = step.run();
          db.commit();
          context.runOnContext(x -> p.complete(v));
        } catch (SQLException | RuntimeException e) {
          try {
            db.rollback();
          } catch (SQLException ignored) {
            // the failure above is the one reported
          }
          context.runOnContext(x -> p.fail(e));
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      p.fail(new IllegalStateException("the delivery store is closed"));
    }
    return p.future();
  }

  @Override
  public Future<Loaded> load() {
    return step(() -> {
      Position pos = null;
      try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT epoch, next FROM position")) {
        if (r.next()) {
          pos = new Position(r.getString(1), r.getLong(2));
        }
      }
      List<Delivery> pending = new ArrayList<>();
      try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(
          "SELECT key, endpoint, lane, event_id, event, attempts FROM pending ORDER BY event_id, key")) {
        while (r.next()) {
          pending.add(new Delivery(r.getString(1), r.getString(2), r.getString(3), r.getLong(4),
              PublishedEvent.fromJson(new JsonObject(r.getString(5))), r.getInt(6)));
        }
      }
      return new Loaded(pos, pending);
    });
  }

  @Override
  public Future<Void> accept(List<Delivery> deliveries, Position next) {
    return step(() -> {
      try (PreparedStatement ins = db.prepareStatement(
          "INSERT OR IGNORE INTO pending (key, endpoint, lane, event_id, event, attempts) VALUES (?, ?, ?, ?, ?, ?)")) {
        for (Delivery d : deliveries) {
          ins.setString(1, d.key());
          ins.setString(2, d.endpoint());
          ins.setString(3, d.lane());
          ins.setLong(4, d.eventId());
          ins.setString(5, d.event().toJson().encode());
          ins.setInt(6, d.attempts());
          ins.addBatch();
        }
        ins.executeBatch();
      }
      try (PreparedStatement pos = db.prepareStatement(
          "INSERT INTO position (id, epoch, next) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET epoch = excluded.epoch,"
              + " next = excluded.next")) {
        pos.setString(1, next.epoch());
        pos.setLong(2, next.next());
        pos.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Future<Void> delivered(Delivery d) {
    return step(() -> {
      try (PreparedStatement del = db.prepareStatement("DELETE FROM pending WHERE key = ?")) {
        del.setString(1, d.key());
        del.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Future<Void> attempted(Delivery d) {
    return step(() -> {
      try (PreparedStatement up = db.prepareStatement("UPDATE pending SET attempts = ? WHERE key = ?")) {
        up.setInt(1, d.attempts());
        up.setString(2, d.key());
        up.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Future<Void> setAside(Delivery d, String reason) {
    return step(() -> {
      try (PreparedStatement del = db.prepareStatement("DELETE FROM pending WHERE key = ?");
           PreparedStatement ins = db.prepareStatement("INSERT OR REPLACE INTO set_aside (key, endpoint, event_id, event,"
               + " attempts, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        del.setString(1, d.key());
        del.executeUpdate();
        ins.setString(1, d.key());
        ins.setString(2, d.endpoint());
        ins.setLong(3, d.eventId());
        ins.setString(4, d.event().toJson().encode());
        ins.setInt(5, d.attempts());
        ins.setString(6, reason);
        ins.setString(7, Instant.now().toString());
        ins.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Future<List<SetAside>> setAside(int max) {
    return step(() -> {
      List<SetAside> out = new ArrayList<>();
      try (PreparedStatement q = db.prepareStatement("SELECT key, endpoint, event_id, event, attempts, reason, at FROM"
          + " set_aside ORDER BY at DESC LIMIT ?")) {
        q.setInt(1, max);
        try (ResultSet r = q.executeQuery()) {
          while (r.next()) {
            PublishedEvent e = PublishedEvent.fromJson(new JsonObject(r.getString(4)));
            out.add(new SetAside(new Delivery(r.getString(1), r.getString(2), e.lane(), r.getLong(3), e, r.getInt(5)),
                r.getString(6), Instant.parse(r.getString(7))));
          }
        }
      }
      return out;
    });
  }

  @Override
  public Future<Integer> dropEndpoint(String endpoint) {
    return step(() -> {
      try (PreparedStatement del = db.prepareStatement("DELETE FROM pending WHERE endpoint = ?")) {
        del.setString(1, endpoint);
        return del.executeUpdate();
      }
    });
  }

  @Override
  public Future<Void> close() {
    Promise<Void> p = Promise.promise();
    try {
      thread.execute(() -> {
        try {
          db.close();
          context.runOnContext(x -> p.complete());
        } catch (SQLException e) {
          context.runOnContext(x -> p.fail(e));
        }
      });
      thread.shutdown();
    } catch (java.util.concurrent.RejectedExecutionException e) {
      p.complete();
    }
    return p.future();
  }
}
