package io.vertalived.core.service;

import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.parse.ConfigErrorCategory;
import io.vertalived.core.config.parse.Diagnostic;
import java.util.Objects;

/**
 * Whether a configuration read for a reload may replace the running one (pure; docs/reload.md).
 * It may not when it could not be read, when it has errors (warnings and the script-security
 * notice do not count, unless {@code reload_check_config} is set: then, as keepalived's config
 * check, anything reported does), or when it changes what cannot change while running: the
 * {@code router_id}, which names this node on the bus, and the nftables table of the VRRP
 * firewall (keepalived refuses that reload too).
 */
public final class ReloadPolicy {
  private ReloadPolicy() {}

  /** Why {@code next} is refused, in words, or null when it may be applied. */
  public static String rejection(ConfigLoader.Result next, KeepalivedConfig running) {
    if (next.config() == null) {
      return "the configuration could not be read";
    }
    boolean strict = next.config().global().reloadCheckConfig() || running.global().reloadCheckConfig();
    long errors = next.diagnostics().stream().filter(d -> blocks(d, strict)).count();
    if (errors > 0) {
      return errors + (errors == 1 ? " problem" : " problems") + " in the configuration"
          + (strict ? " (reload_check_config: anything reported counts)" : "");
    }
    String was = running.global().routerId();
    String now = next.config().global().routerId();
    if (!Objects.equals(was, now)) {
      return "router_id cannot change at a reload (" + was + " -> " + now
          + ": it names this node on the bus) - please restart vertalived";
    }
    if (!Objects.equals(table(running), table(next.config()))) {
      return "Cannot change nftables table name at a reload - please restart vertalived";
    }
    return null;
  }

  private static String table(KeepalivedConfig c) {
    return c.global().nftables() == null ? null : c.global().nftables().table();
  }

  /** Whether a diagnostic keeps a configuration from replacing the running one. */
  public static boolean blocks(Diagnostic d, boolean strict) {
    ConfigErrorCategory c = d.category();
    if (c == ConfigErrorCategory.NOTICE) {
      return false;
    }
    return strict || c != ConfigErrorCategory.WARNING && c != ConfigErrorCategory.SECURITY_ERROR;
  }
}
