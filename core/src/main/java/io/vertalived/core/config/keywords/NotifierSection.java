package io.vertalived.core.config.keywords;

import io.vertalived.core.config.model.NotifierSettings;
import io.vertalived.core.config.model.Secret;
import io.vertalived.core.config.model.SmtpSecurity;
import io.vertalived.core.config.model.Webhook;
import io.vertalived.core.config.parse.Args;
import io.vertalived.core.config.parse.Diagnostics;
import io.vertalived.core.config.parse.KeywordTable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * vertalived's extension blocks for the notifier (docs/notifier.md), checked by {@code -t} as
 * keepalived checks its own blocks: {@code vertalived_webhook NAME { }} and
 * {@code vertalived_smtp { }}. A webhook with a problem that makes it unusable (no URL, a scheme
 * other than http or https, no secret) is reported and removed; the rest of the file is unaffected.
 */
public final class NotifierSection {
  private static final Set<String> STATES = Set.of("MASTER", "BACKUP", "FAULT", "STOP", "DELETED");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  /** Headers the notifier sets itself. */
  private static final Set<String> RESERVED = Set.of("host", "content-type", "content-length", "transfer-encoding",
      "connection", "idempotency-key");

  private final Diagnostics diag;
  private final Map<String, Webhook> webhooks = new LinkedHashMap<>();
  private Draft current;
  private SmtpSecurity.StartTls starttls = SmtpSecurity.StartTls.OFF;
  private String username;
  private Secret password;
  private String caFile;

  public NotifierSection(Diagnostics diag) {
    this.diag = diag;
  }

  private static final class Draft {
    String name;
    boolean duplicate;
    boolean unusable;
    Secret url;
    String displayUrl;
    Secret secret;
    Webhook.Format format = Webhook.Format.JSON;
    Set<String> events;
    final Set<String> instances = new LinkedHashSet<>();
    final Set<String> states = new LinkedHashSet<>();
    double timeout = 5;
    final List<Webhook.Header> headers = new ArrayList<>();
    double initialDelay = Webhook.Retry.DEFAULT.initialDelay();
    double maxDelay = Webhook.Retry.DEFAULT.maxDelay();
    int maxAttempts = Webhook.Retry.DEFAULT.maxAttempts();
    double maxAge = Webhook.Retry.DEFAULT.maxAge();
  }

  /** Registers the blocks on a pass: active in the VRRP pass (with global_defs), skipped in the other. */
  public void register(KeywordTable root, boolean active) {
    if (!active) {
      root.inactive("vertalived_webhook", "vertalived_smtp");
      return;
    }
    root.block("vertalived_webhook", this::open, this::webhookTable, this::close);
    root.block("vertalived_smtp", a -> { }, this::smtpTable, null);
  }

  private void open(Args a) {
    current = new Draft();
    current.name = a.get(1);
    if (current.name.equals("smtp")) {
      a.error("vertalived_webhook smtp: the name smtp is the e-mail alerts' - ignoring this webhook");
      current.duplicate = true;
    } else if (webhooks.containsKey(current.name)) {
      a.error("vertalived_webhook " + current.name + " already defined - ignoring this one");
      current.duplicate = true;
    }
  }

  private String who() {
    return "vertalived_webhook " + current.name;
  }

  KeywordTable webhookTable() {
    KeywordTable t = new KeywordTable();
    t.add("url", this::url);
    t.add("secret", a -> current.secret = new Secret(a.get(1)));
    t.add("format", a -> {
      switch (a.get(1).toLowerCase(Locale.ROOT)) {
        case "json" -> current.format = Webhook.Format.JSON;
        case "slack" -> current.format = Webhook.Format.SLACK;
        default -> a.error(who() + ": unknown format '" + a.get(1) + "' (json or slack)");
      }
    });
    t.add("events", a -> {
      a.get(1);
      Set<String> events = new LinkedHashSet<>();
      for (String e : a.words().subList(1, a.size())) {
        String w = e.toLowerCase(Locale.ROOT);
        if (w.equals("all")) {
          events.addAll(Webhook.EVENT_TYPES);
        } else if (Webhook.EVENT_TYPES.contains(w)) {
          events.add(w);
        } else {
          a.error(who() + ": unknown event type '" + e + "' (" + String.join(", ", Webhook.EVENT_TYPES) + " or all)");
        }
      }
      current.events = events;
    });
    t.add("instances", a -> {
      a.get(1);
      current.instances.addAll(a.words().subList(1, a.size()));
    });
    t.add("states", a -> {
      a.get(1);
      for (String s : a.words().subList(1, a.size())) {
        String u = s.toUpperCase(Locale.ROOT);
        if (STATES.contains(u)) {
          current.states.add(u);
        } else {
          a.error(who() + ": unknown VRRP state '" + s + "' (MASTER, BACKUP, FAULT, STOP or DELETED)");
        }
      }
    });
    t.add("timeout", a -> a.decimal(1, 0.001, 300).ifPresentOrElse(v -> current.timeout = v,
        () -> a.error(who() + ": timeout must be between 0.001 and 300 seconds")));
    t.add("header", this::header);
    t.add("retry_initial_delay", a -> a.decimal(1, 0.001, 86_400).ifPresentOrElse(v -> current.initialDelay = v,
        () -> a.error(who() + ": retry_initial_delay must be between 0.001 and 86400 seconds")));
    t.add("retry_max_delay", a -> a.decimal(1, 0.001, 86_400).ifPresentOrElse(v -> current.maxDelay = v,
        () -> a.error(who() + ": retry_max_delay must be between 0.001 and 86400 seconds")));
    t.add("retry_max_attempts", a -> a.integer(1, 0, 1_000_000).ifPresentOrElse(v -> current.maxAttempts = (int) v,
        () -> a.error(who() + ": retry_max_attempts must be between 0 (no limit) and 1000000")));
    t.add("retry_max_age", a -> a.decimal(1, 1, 30 * 86_400).ifPresentOrElse(v -> current.maxAge = v,
        () -> a.error(who() + ": retry_max_age must be between 1 and 2592000 seconds")));
    return t;
  }

  private void url(Args a) {
    String text = a.get(1);
    URI u;
    try {
      u = new URI(text);
    } catch (URISyntaxException e) {
      a.error(who() + ": invalid url (" + e.getReason() + ") - removing");
      current.unusable = true;
      return;
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      a.error(who() + ": url scheme '" + scheme + "' is not http or https - removing");
      current.unusable = true;
      return;
    }
    if (u.getHost() == null || u.getHost().isEmpty()) {
      a.error(who() + ": url has no host - removing");
      current.unusable = true;
      return;
    }
    current.url = new Secret(text);
    current.displayUrl = scheme + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort())
        + (u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/") ? "/" : "/...");
  }

  private void header(Args a) {
    String name = a.get(1);
    String value = a.rest(2);
    if (name.endsWith(":")) {
      name = name.substring(0, name.length() - 1);
    }
    if (!TOKEN.matcher(name).matches()) {
      a.error(who() + ": invalid header name '" + name + "'");
      return;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (RESERVED.contains(lower) || lower.startsWith("x-vertalived-")) {
      a.error(who() + ": header " + name + " is set by vertalived and cannot be configured");
      return;
    }
    if (value.chars().anyMatch(c -> c == '\r' || c == '\n')) {
      a.error(who() + ": header " + name + " has a line break in its value");
      return;
    }
    current.headers.add(new Webhook.Header(name, value));
  }

  private void close() {
    Draft d = current;
    current = null;
    if (d.duplicate || d.unusable) {
      return;
    }
    if (d.url == null) {
      diag.error("vertalived_webhook " + d.name + ": no url - removing");
      return;
    }
    if (d.secret == null) {
      diag.error("vertalived_webhook " + d.name + ": no secret (every request is signed with it) - removing");
      return;
    }
    if (d.maxDelay < d.initialDelay) {
      diag.error("vertalived_webhook " + d.name + ": retry_max_delay " + d.maxDelay + " is below retry_initial_delay "
          + d.initialDelay + " - using " + d.initialDelay);
      d.maxDelay = d.initialDelay;
    }
    webhooks.put(d.name, new Webhook(d.name, d.url, d.displayUrl, d.secret, d.format,
        d.events == null || d.events.isEmpty() ? Webhook.DEFAULT_EVENTS : d.events, d.instances, d.states, d.timeout,
        d.headers, new Webhook.Retry(d.initialDelay, d.maxDelay, d.maxAttempts, d.maxAge)));
  }

  KeywordTable smtpTable() {
    KeywordTable t = new KeywordTable();
    t.add("starttls", a -> {
      switch (a.get(1).toLowerCase(Locale.ROOT)) {
        case "off" -> starttls = SmtpSecurity.StartTls.OFF;
        case "optional" -> starttls = SmtpSecurity.StartTls.OPTIONAL;
        case "required" -> starttls = SmtpSecurity.StartTls.REQUIRED;
        default -> a.error("vertalived_smtp: unknown starttls '" + a.get(1) + "' (off, optional or required)");
      }
    });
    t.add("username", a -> username = a.get(1));
    t.add("password", a -> password = new Secret(a.get(1)));
    t.add("ca_file", a -> caFile = a.get(1));
    return t;
  }

  /**
   * The settings read; {@code smtpPassword} is global_defs' {@code smtp_password}, used when the
   * block names no password.
   */
  public NotifierSettings build(Secret smtpPassword) {
    Secret pw = password != null ? password : smtpPassword;
    if (pw != null && username == null) {
      diag.unlocated(io.vertalived.core.config.parse.ConfigErrorCategory.WARNING,
          "vertalived_smtp: a password without a username is not used (SMTP AUTH needs both)");
    }
    if (username != null && pw == null) {
      diag.unlocated(io.vertalived.core.config.parse.ConfigErrorCategory.GENERAL_ERROR,
          "vertalived_smtp: username " + username + " has no password - SMTP AUTH disabled");
    }
    if (username != null && pw != null && starttls == SmtpSecurity.StartTls.OFF) {
      diag.unlocated(io.vertalived.core.config.parse.ConfigErrorCategory.WARNING,
          "vertalived_smtp: SMTP AUTH without starttls sends the password in clear text");
    }
    boolean auth = username != null && pw != null;
    return new NotifierSettings(List.copyOf(webhooks.values()),
        new SmtpSecurity(starttls, auth ? username : null, auth ? pw : null, caFile));
  }

  /**
   * A webhook's {@code instances} that name nothing of this configuration: a warning (the
   * notifier of a cluster may serve other nodes' instances, so they are kept).
   */
  public static void checkSubjects(io.vertalived.core.config.model.KeepalivedConfig c, Diagnostics diag) {
    Set<String> known = new java.util.HashSet<>();
    c.vrrpInstances().forEach(i -> known.add(i.name()));
    c.syncGroups().forEach(g -> known.add(g.name()));
    c.virtualServers().forEach(vs -> {
      known.add(vs.label());
      vs.realServers().forEach(rs -> known.add(rs.endpoint()));
    });
    for (Webhook w : c.notifier().webhooks()) {
      for (String name : w.instances()) {
        if (!known.contains(name)) {
          diag.unlocated(io.vertalived.core.config.parse.ConfigErrorCategory.WARNING, "vertalived_webhook " + w.name()
              + ": instances names '" + name + "', which is no vrrp_instance, vrrp_sync_group, virtual or real server here");
        }
      }
    }
  }
}
