package io.vertalived.core.config.keywords;

import io.vertalived.core.config.model.ScriptCommand;
import io.vertalived.core.config.parse.Args;
import io.vertalived.core.config.parse.ConfigErrorCategory;
import io.vertalived.core.config.parse.KeywordTable;

/** {@code vrrp_script NAME { }} (keepalived.conf(5) VRRP script(s)) with its defaults and removal rules. */
final class ScriptSection {
  private final VrrpSection section;
  private VrrpSection.ScriptDraft current;

  ScriptSection(VrrpSection section) {
    this.section = section;
  }

  void open(Args a) {
    current = new VrrpSection.ScriptDraft(a.get(1), a.location());
    section.scripts.put(current.name, current);
  }

  /** Whole seconds 0-4294, 0 taken as 1, each case reported in keepalived's words. */
  private java.util.OptionalLong seconds(Args a, String what, String invalid) {
    var v = a.unsigned(1, 0, 4294);
    if (v.isEmpty()) {
      a.error("(" + current.name + "): vrrp script " + what + " '" + a.get(1) + "' " + invalid);
      return v;
    }
    if (v.getAsLong() == 0) {
      a.error("(" + current.name + "): vrrp script " + what + " must be greater than 0, setting to 1");
    }
    return java.util.OptionalLong.of(Math.max(1, v.getAsLong()));
  }

  KeywordTable table() {
    KeywordTable t = new KeywordTable();
    t.add("script", a -> {
      if (!a.scriptMissing(false)) { // keepalived's vrrp_vscript_script_handler(): nothing given keeps what was
        current.script = ScriptCommand.parse(a.get(1), null, null);
      }
    });
    // keepalived's vrrp_vscript_interval/timeout_handler(): whole seconds, 0 taken as 1
    t.add("interval", a -> seconds(a, "interval", "must be between 1 and 4294 - ignoring")
        .ifPresent(v -> current.interval = v));
    t.add("timeout", a -> seconds(a, "timeout", "invalid - ignoring").ifPresent(v -> current.timeout = (double) v));
    t.add("weight", a -> {
      a.integer(1, -253, 253).ifPresentOrElse(v -> current.weight = (int) v,
          () -> a.error("vrrp script " + current.name + ": weight must be between [-253, 253]"));
      if (a.has(2)) {
        if (a.get(2).equals("reverse")) {
          current.reverse = true;
        } else {
          a.error("vrrp script " + current.name + " unknown weight option '" + a.get(2) + "'");
        }
      }
    });
    // keepalived's vrrp_vscript_rise/fall_handler(): an invalid value is reported and 1 taken
    t.add("rise", a -> current.rise = (int) a.unsigned(1, 1, Integer.MAX_VALUE).orElseGet(() -> {
      a.error("(" + current.name + "): vrrp script rise value '" + a.get(1) + "' invalid, defaulting to 1");
      return 1;
    }));
    t.add("fall", a -> current.fall = (int) a.unsigned(1, 1, Integer.MAX_VALUE).orElseGet(() -> {
      a.error("(" + current.name + "): vrrp script fall value '" + a.get(1) + "' invalid, defaulting to 1");
      return 1;
    }));
    t.add("user", a -> {
      current.user = a.get(1);
      current.group = a.opt(2).map(g -> g.startsWith(":") ? g.substring(1) : g).orElse(null);
    });
    t.add("init_fail", a -> current.initFail = true);
    return t;
  }

  /** At the block's closing brace, as keepalived's vrrp_vscript_end_handler() checks it. */
  void close() {
    if (current.script == null) {
      section.diag.error(ConfigErrorCategory.GENERAL_ERROR,
          "No script set for vrrp_script " + current.name + " - removing");
      current.removed = true;
      return;
    }
    if (current.user == null && !section.global.defaultScriptUser(section.host, section.diag)) {
      section.diag.error(ConfigErrorCategory.GENERAL_ERROR,
          "Unable to set default user for vrrp script " + current.name + " - removing");
      current.removed = true;
    }
  }
}
