package io.vertalived.notifier;

import io.vertalived.core.bus.Addresses;
import io.vertalived.core.bus.Bus;
import io.vertalived.core.bus.BusStreams;
import io.vertalived.core.bus.DeliveryParked;
import io.vertalived.core.bus.Sequencer;
import io.vertalived.core.cluster.ClusterMembers;
import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.Webhook;
import io.vertalived.core.journal.EventJournal;
import io.vertalived.core.journal.JournalEntry;
import io.vertalived.core.journal.JournalPage;
import io.vertalived.core.journal.Journals;
import io.vertalived.core.service.ReloadableVerticle;
import io.vertalived.core.service.ServiceContext;
import io.vertalived.notifier.delivery.Delivery;
import io.vertalived.notifier.delivery.DeliveryStore;
import io.vertalived.notifier.delivery.Dispatcher;
import io.vertalived.notifier.delivery.HazelcastDeliveryStore;
import io.vertalived.notifier.delivery.SqliteDeliveryStore;
import io.vertalived.notifier.delivery.Timers;
import io.vertalived.core.journal.PublishedEvent;
import io.vertalived.notifier.mail.MailTransport;
import io.vertalived.notifier.mail.SmtpAlerts;
import io.vertalived.notifier.webhook.WebhookFilter;
import io.vertalived.notifier.webhook.WebhookTransport;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.shareddata.Lock;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * The notifier (docs/notifier.md). One notifier of a cluster owns delivery, holding the lock
 * {@value #OWNER_LOCK} (Hazelcast frees it within a second of its holder's death; another then
 * takes over); on its own it owns it at once. The owner resumes from its store: the deliveries
 * not yet made, and its position in the journal (from the start of a journal of another epoch);
 * then it reads the journal, turns each event into a delivery per endpoint that wants it (the
 * webhooks' filters, keepalived's smtp_alert rules), stores them with the new position in one
 * step, and hands them to the {@link Dispatcher}.
 */
final class NotifierVerticle extends ReloadableVerticle {
  private static final Logger LOG = Logger.getLogger("io.vertalived.notifier");
  static final String OWNER_LOCK = "vertalived.notifier.owner";
  /** Mail is retried as a webhook with the defaults (keepalived never retries). */
  static final Webhook.Retry MAIL_RETRY = Webhook.Retry.DEFAULT;
  private static final int BATCH = 256;

  private final String version;
  private final StoreSettings settings;
  private ServiceContext service;
  private final SmtpAlerts alerts = new SmtpAlerts();
  private final Map<String, Dispatcher.Endpoint> endpoints = new HashMap<>();
  private final Map<String, Object> endpointConfig = new HashMap<>();
  private HttpClient http;
  private EventJournal journal;
  private Sequencer parkedEvents;
  private DeliveryStore store;
  private Dispatcher dispatcher;
  private Lock owner;
  private String epoch;
  private boolean stopped;

  NotifierVerticle(ServiceContext service, String version, StoreSettings settings) {
    this.service = service;
    this.version = version;
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setName("vertalived-notifier"),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(Dispatcher.MAX_IN_FLIGHT));
    journal = Journals.of(vertx);
    parkedEvents = BusStreams.of(vertx).sequencer(Addresses.DELIVERY_PARKED);
    endpoints(service.config());
    if (ClusterMembers.hazelcast(vertx) == null) {
      becomeOwner();
    } else {
      awaitOwnership();
    }
    return Future.succeededFuture();
  }

  /** A standby waits on the lock in rounds, so that it stops promptly when asked. */
  private void awaitOwnership() {
    if (stopped) {
      return;
    }
    vertx.sharedData().getLockWithTimeout(OWNER_LOCK, 5_000).onComplete(ar -> {
      if (stopped) {
        if (ar.succeeded()) {
          ar.result().release();
        }
        return;
      }
      if (ar.failed()) {
        awaitOwnership();
        return;
      }
      owner = ar.result();
      becomeOwner();
    });
  }

  private void becomeOwner() {
    openStore().compose(s -> {
      store = s;
      dispatcher = new Dispatcher(Timers.of(vertx, Clock.systemUTC()), store, this::parked,
          ThreadLocalRandom.current()::nextDouble);
      var registry = io.vertalived.core.metrics.ProcessMetrics.registry(vertx);
      dispatcher.outcomes((endpoint, outcome) -> io.micrometer.core.instrument.Counter
          .builder("vertalived.notifier.deliveries").tag("endpoint", endpoint).tag("outcome", outcome)
          .description("Delivery attempts of notifications by outcome (delivered, retried, set_aside, parked)")
          .register(registry).increment());
      dispatcher.endpoints(List.copyOf(endpoints.values()));
      return store.load();
    }).compose(loaded -> journal.epoch().map(e -> {
      epoch = e;
      long from = 1;
      if (loaded.position() != null && loaded.position().epoch().equals(e)) {
        from = loaded.position().next();
      } else if (loaded.position() != null) {
        LOG.info("the journal is a new one (epoch " + e + "): reading it from its start");
      }
      LOG.info("notifier owns delivery: " + loaded.pending().size() + " deliveries pending, reading the journal from id "
          + from);
      dispatcher.add(loaded.pending());
      return from;
    })).onSuccess(this::read).onFailure(e -> {
      LOG.severe("the notifier cannot start delivering: " + e.getMessage());
      if (owner != null) {
        owner.release();
        owner = null;
      }
    });
  }

  private Future<DeliveryStore> openStore() {
    var hz = ClusterMembers.hazelcast(vertx);
    if (hz != null) {
      return Future.succeededFuture(new HazelcastDeliveryStore(context, hz));
    }
    var ctx = context;
    return vertx.executeBlocking(() -> (DeliveryStore) SqliteDeliveryStore.open(ctx, settings.sqliteFile()));
  }

  /** Reads the journal from {@code next}, on and on; each page stored, then dispatched. */
  private void read(long next) {
    if (stopped) {
      return;
    }
    journal.await(next, BATCH).onComplete(ar -> context.runOnContext(v -> {
      if (stopped) {
        return;
      }
      if (ar.failed()) {
        LOG.warning("cannot read the journal from id " + next + ": " + ar.cause().getMessage() + "; again in 1 s");
        vertx.setTimer(1000, t -> read(next));
        return;
      }
      JournalPage page = ar.result();
      if (page.missed() > 0) {
        LOG.warning(page.missed() + " events left the journal before the notifier read them (ids " + next + " to "
            + (next + page.missed() - 1) + ")");
      }
      List<Delivery> ds = deliveries(page.entries());
      store.accept(ds, new DeliveryStore.Position(epoch, page.next())).onSuccess(x -> {
        dispatcher.add(ds);
        read(page.next());
      }).onFailure(e -> {
        LOG.warning("cannot store deliveries: " + e.getMessage() + "; again in 1 s");
        vertx.setTimer(1000, t -> read(next));
      });
    }));
  }

  private List<Delivery> deliveries(List<JournalEntry> entries) {
    List<Delivery> out = new ArrayList<>();
    KeepalivedConfig c = service.config();
    for (JournalEntry entry : entries) {
      PublishedEvent e;
      try {
        e = PublishedEvent.of(entry);
      } catch (RuntimeException bad) {
        LOG.warning("journal entry " + entry.id() + " (" + entry.type() + ") cannot be read: " + bad.getMessage());
        continue;
      }
      if (e == null) {
        continue;
      }
      for (Webhook w : c.notifier().webhooks()) {
        if (WebhookFilter.wants(w, e)) {
          out.add(Delivery.of(epoch, w.name(), e));
        }
      }
      PublishedEvent mailed = alerts.mailed(c, e);
      if (mailed != null && endpoints.containsKey(Delivery.SMTP)) {
        out.add(Delivery.of(epoch, Delivery.SMTP, mailed));
      }
    }
    return out;
  }

  /** The endpoints of a configuration; one whose settings did not change keeps its transport. */
  private List<Dispatcher.Endpoint> endpoints(KeepalivedConfig c) {
    Map<String, Object> wanted = new HashMap<>();
    for (Webhook w : c.notifier().webhooks()) {
      wanted.put(w.name(), w);
    }
    if (c.global().smtpServer() != null && !c.global().notificationEmail().isEmpty()) {
      wanted.put(Delivery.SMTP, List.of(c.global(), c.notifier().smtp()));
    }
    endpoints.keySet().removeIf(n -> !wanted.containsKey(n));
    endpointConfig.keySet().removeIf(n -> !wanted.containsKey(n));
    wanted.forEach((name, conf) -> {
      if (!Objects.equals(endpointConfig.get(name), conf)) {
        endpointConfig.put(name, conf);
        endpoints.put(name, conf instanceof Webhook w
            ? new Dispatcher.Endpoint(name, new WebhookTransport(vertx, http, w, version), w.retry())
            : new Dispatcher.Endpoint(name, new MailTransport(vertx, c.global(), c.notifier().smtp()), MAIL_RETRY));
      }
    });
    return List.copyOf(endpoints.values());
  }

  private void parked(String endpoint, long eventId, boolean endpointParked, int held, String reason) {
    Bus.publish(vertx, Addresses.DELIVERY_PARKED, new DeliveryParked(service.node(), parkedEvents.boot(),
        parkedEvents.next(), Instant.now(), endpoint, eventId, endpointParked, held, reason));
  }

  @Override
  protected Future<List<String>> reload(ServiceContext next) {
    Map<String, Object> before = new HashMap<>(endpointConfig);
    service = next;
    List<Dispatcher.Endpoint> now = endpoints(next.config());
    if (dispatcher != null) {
      dispatcher.endpoints(now);
    }
    List<String> changes = new ArrayList<>();
    for (String name : before.keySet()) {
      if (!endpointConfig.containsKey(name)) {
        changes.add("notifier: " + label(name) + " removed");
      } else if (!Objects.equals(before.get(name), endpointConfig.get(name))) {
        changes.add("notifier: " + label(name) + " changed");
      }
    }
    for (String name : endpointConfig.keySet()) {
      if (!before.containsKey(name)) {
        changes.add("notifier: " + label(name) + " added");
      }
    }
    changes.sort(null);
    return Future.succeededFuture(changes);
  }

  private static String label(String endpoint) {
    return endpoint.equals(Delivery.SMTP) ? "e-mail alerts" : "webhook " + endpoint;
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    if (dispatcher != null) {
      dispatcher.stop();
    } else {
      endpoints.values().forEach(e -> e.transport().close());
    }
    Future<Void> closed = store == null ? Future.succeededFuture() : store.close();
    return closed.eventually(() -> {
      if (owner != null) {
        owner.release();
      }
      return http.close();
    });
  }
}
