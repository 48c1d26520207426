package io.vertalived.core.config;

import io.vertalived.core.config.keywords.GlobalDefsKeywords;
import io.vertalived.core.config.keywords.HostFacts;
import io.vertalived.core.config.keywords.LvsExtensionSection;
import io.vertalived.core.config.keywords.LvsSection;
import io.vertalived.core.config.keywords.NotifierSection;
import io.vertalived.core.config.keywords.VrrpSection;
import io.vertalived.core.config.model.GlobalDefs;
import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.VirtualAddress;
import io.vertalived.core.config.parse.BlockParser;
import io.vertalived.core.config.parse.ConfigAborted;
import io.vertalived.core.config.parse.ConfigErrorCategory;
import io.vertalived.core.config.parse.ConfigReader;
import io.vertalived.core.config.parse.Diagnostic;
import io.vertalived.core.config.parse.Diagnostics;
import io.vertalived.core.config.parse.KeywordTable;
import io.vertalived.core.config.parse.LogicalLine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a keepalived.conf into the typed {@link KeepalivedConfig} with keepalived's diagnostics.
 * As keepalived, the file is walked once per subsystem: the VRRP pass (with global_defs) and the
 * checker pass each skip the other's blocks, and the problems of both are reported once.
 * Whatever the input, the result is a model and a list of diagnostics, never an exception.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /** How to read: {@code -i/--config-id}, {@code -e/--all-config}, and the host to check against. */
  public record Options(String configId, boolean allConfig, HostFacts host) {
    public static Options defaults() {
      HostFacts host = HostFacts.system();
      String h = host.hostname();
      int dot = h.indexOf('.');
      return new Options(dot < 0 ? h : h.substring(0, dot), false, host);
    }
  }

  /** The outcome of loading: the model, the problems found and the {@code -t} exit status. */
  public record Result(KeepalivedConfig config, List<Diagnostic> diagnostics, int exitCode,
                       List<Path> files) {
    public boolean hasErrors() {
      return exitCode != 0;
    }
  }

  public static Result load(Path file, Options options) {
    Diagnostics diag = new Diagnostics();
    try {
      return loadChecked(file, options, diag);
    } catch (StackOverflowError | RuntimeException e) {
      diag.unlocated(ConfigErrorCategory.FATAL,
          "internal error while reading the configuration (" + e.getClass().getSimpleName()
              + "); please report this with the file");
      return new Result(null, diag.all(), diag.exitCode(), List.of());
    }
  }

  private static Result loadChecked(Path file, Options options, Diagnostics diag) {
    ConfigReader reader = new ConfigReader(diag, options.configId(), options.allConfig());
    List<LogicalLine> lines = reader.read(file);
    GlobalDefsKeywords global = new GlobalDefsKeywords(options.host().hostname(), options.host());
    VrrpSection vrrp = new VrrpSection(options.host(), global, diag);
    LvsSection lvs = new LvsSection(diag, options.host());
    NotifierSection notifier = new NotifierSection(diag);
    LvsExtensionSection lvsExtension = new LvsExtensionSection();

    // keepalived -t reads the file three times, as its processes do: global_defs (the parent),
    // then the checker's blocks and their checks, then VRRP's blocks and their checks; a missing
    // parameter ends the reading where it is (null_strvec(): exit 2, nothing after it reported)
    KeywordTable globalPass = new KeywordTable();
    globalPass.block("global_defs", global.open(), global.table(), null);
    vrrp.register(globalPass, false);
    lvs.register(globalPass, false);
    notifier.register(globalPass, false);
    lvsExtension.register(globalPass, false);

    KeywordTable checkerPass = new KeywordTable();
    checkerPass.inactive("global_defs");
    vrrp.register(checkerPass, false);
    lvs.register(checkerPass, true);
    notifier.register(checkerPass, false);
    lvsExtension.register(checkerPass, true);

    KeywordTable vrrpPass = new KeywordTable();
    vrrpPass.inactive("global_defs");
    vrrp.register(vrrpPass, true);
    lvs.register(vrrpPass, false);
    notifier.register(vrrpPass, true);
    lvsExtension.register(vrrpPass, false);

    GlobalDefs g;
    VrrpSection.Result v;
    LvsSection.Result l;
    try {
      new BlockParser(lines, diag).parse(globalPass);
      g = global.build();
      new BlockParser(lines, diag).parse(checkerPass);
      l = lvs.build(g);
      new BlockParser(lines, diag).parse(vrrpPass);
      v = vrrp.build(g);
    } catch (ConfigAborted stop) {
      return new Result(null, diag.inReadingOrder(reader.fileNames()), diag.exitCode(), reader.filesRead());
    }
    if (v.scriptsUsed() && !g.enableScriptSecurity()) {
      diag.unlocated(ConfigErrorCategory.SECURITY_ERROR,
          "SECURITY VIOLATION - scripts are being executed but script_security not enabled.");
    }
    if (l.scriptsUsed() && !g.enableScriptSecurity()) {
      diag.unlocated(ConfigErrorCategory.SECURITY_ERROR,
          "SECURITY VIOLATION - check scripts are being executed but script_security not enabled.");
    }
    List<VirtualAddress> statics = new ArrayList<>();
    for (VirtualAddress a : v.staticAddresses()) {
      statics.add(a.device() != null ? a : new VirtualAddress(a.address(), a.prefixLength(),
          a.broadcast(), g.defaultInterface(), a.scope(), a.label(), a.peer(), a.home(),
          a.noDad(), a.manageTempAddress(), a.noPrefixRoute(), a.autoJoin(), a.noTrack(),
          a.preferredLifetime(), a.useVmac()));
    }
    var notifierSettings = notifier.build(g.smtpPassword());
    KeepalivedConfig config = new KeepalivedConfig(g, statics, v.staticRoutes(),
        v.staticRules(), v.scripts(), v.trackFiles(), v.trackProcesses(), v.syncGroups(),
        v.instances(), l.groups(), l.virtualServers(), v.bfdInstances(), l.ssl(), notifierSettings,
        lvsExtension.build());
    NotifierSection.checkSubjects(config, diag);
    LvsExtensionSection.check(config, diag);
    return new Result(config, diag.inReadingOrder(reader.fileNames()), diag.exitCode(),
        reader.filesRead());
  }
}
