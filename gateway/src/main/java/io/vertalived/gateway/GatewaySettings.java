package io.vertalived.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the gateway serves (docs/api.md). Each setting from its command-line option (the launcher
 * sets the system property {@code vertalived.gateway.X}), else the environment's
 * {@code VERTALIVED_X}, else its default:
 *
 * <ul>
 *   <li>{@code address}/{@code port}: 127.0.0.1:8480 — this host only until the operator opens it;
 *   <li>{@code tokens}: the bearer tokens actions need ({@code VERTALIVED_API_TOKEN}, or one per
 *       line of {@code VERTALIVED_API_TOKEN_FILE}); none: actions are refused (403);
 *   <li>{@code readNeedsToken}: {@code VERTALIVED_API_READ=token} protects the read endpoints too
 *       (default {@code open});
 *   <li>{@code tlsCert}/{@code tlsKey}: PEM files; with both the gateway speaks HTTPS only;
 *   <li>{@code corsOrigins}: origins allowed to call from a browser page ({@code *} for any); none
 *       by default.
 * </ul>
 *
 * Every bad value is an {@link IllegalArgumentException} that names the setting.
 */
public record GatewaySettings(String address, int port, long heartbeatMillis, List<String> tokens,
                              boolean readNeedsToken, String tlsCert, String tlsKey, List<String> corsOrigins) {
  public static final int DEFAULT_PORT = 8480;
  /** The largest request body accepted (413 above). */
  public static final int BODY_LIMIT = 64 * 1024;

  public GatewaySettings {
    tokens = List.copyOf(tokens);
    corsOrigins = List.copyOf(corsOrigins);
  }

  /** Listening only, no tokens, no TLS, no CORS (tests). */
  public GatewaySettings(String address, int port, long heartbeatMillis) {
    this(address, port, heartbeatMillis, List.of(), false, null, null, List.of());
  }

  public boolean tls() {
    return tlsCert != null;
  }

  /** The settings asked for (reads the token file: not on an event loop). */
  public static GatewaySettings of(Map<String, String> env) {
    String address = setting(env, "gateway.address", "GATEWAY_ADDRESS", "127.0.0.1");
    String port = setting(env, "gateway.port", "GATEWAY_PORT", Integer.toString(DEFAULT_PORT));
    int p;
    try {
      p = Integer.parseInt(port.strip());
    } catch (NumberFormatException e) {
      p = -1;
    }
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException("VERTALIVED_GATEWAY_PORT must be a port from 0 to 65535, not '" + port + "'");
    }
    if (address.isBlank()) {
      throw new IllegalArgumentException("VERTALIVED_GATEWAY_ADDRESS must not be empty");
    }
    List<String> tokens = tokens(setting(env, "api.token", "API_TOKEN", null), setting(env, "api.token.file",
        "API_TOKEN_FILE", null));
    String read = setting(env, "api.read", "API_READ", "open").strip().toLowerCase(Locale.ROOT);
    if (!read.equals("open") && !read.equals("token")) {
      throw new IllegalArgumentException("VERTALIVED_API_READ must be 'open' or 'token', not '" + read + "'");
    }
    if (read.equals("token") && tokens.isEmpty()) {
      throw new IllegalArgumentException("VERTALIVED_API_READ=token needs a token: set VERTALIVED_API_TOKEN or"
          + " VERTALIVED_API_TOKEN_FILE");
    }
    String cert = blankToNull(setting(env, "gateway.tls.cert", "GATEWAY_TLS_CERT", null));
    String key = blankToNull(setting(env, "gateway.tls.key", "GATEWAY_TLS_KEY", null));
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException("TLS needs both VERTALIVED_GATEWAY_TLS_CERT and VERTALIVED_GATEWAY_TLS_KEY");
    }
    for (String f : new String[] {cert, key}) {
      if (f != null && !Files.isReadable(Path.of(f))) {
        throw new IllegalArgumentException("cannot read the gateway's TLS file " + f);
      }
    }
    List<String> cors = new ArrayList<>();
    for (String o : setting(env, "gateway.cors", "GATEWAY_CORS", "").split(",")) {
      if (!o.isBlank()) {
        String origin = o.strip();
        if (!origin.equals("*") && !origin.matches("https?://[^/\\s]+")) {
          throw new IllegalArgumentException("VERTALIVED_GATEWAY_CORS takes origins such as https://ops.example.org"
              + " (scheme://host[:port]) or *, not '" + origin + "'");
        }
        cors.add(origin);
      }
    }
    return new GatewaySettings(address.strip(), p, 15_000, tokens, read.equals("token"), cert, key, cors);
  }

  private static String setting(Map<String, String> env, String property, String variable, String fallback) {
    return System.getProperty("vertalived." + property, env.getOrDefault("VERTALIVED_" + variable, fallback));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static List<String> tokens(String token, String file) {
    List<String> out = new ArrayList<>();
    if (token != null && !token.isBlank()) {
      out.add(token.strip());
    }
    if (file != null && !file.isBlank()) {
      try {
        for (String line : Files.readAllLines(Path.of(file.strip()), StandardCharsets.UTF_8)) {
          if (!line.isBlank() && !line.strip().startsWith("#")) {
            out.add(line.strip());
          }
        }
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read VERTALIVED_API_TOKEN_FILE " + file + ": " + e.getMessage());
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException("VERTALIVED_API_TOKEN_FILE " + file + " holds no token");
      }
    }
    for (String t : out) {
      if (t.length() < 16) {
        throw new IllegalArgumentException("an API token must have at least 16 characters (a random one:"
            + " openssl rand -hex 32)");
      }
    }
    return out;
  }
}
