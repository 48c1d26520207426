package io.vertalived.launcher;

import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.ModelJson;
import io.vertalived.core.config.keywords.HostFacts;
import io.vertalived.core.config.parse.Diagnostic;
import io.vertx.core.json.JsonObject;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code vertalived}: check ({@code -t}), dump ({@code -d}) or run a keepalived configuration.
 * Exit codes: 0 ok, 2 bad command line, 4/5/6 as keepalived's {@code -t} (keepalived(8) -t, Exit status), 1 when
 * the services could not start.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // by name: loading the class itself would initialise LogManager before the property is set
    System.setProperty("java.util.logging.manager", "io.vertalived.launcher.ShutdownSafeLogManager");
    // first: the archive's pages in one call each, before the start touches them one by one
    ArchivePages.populate();
    int rc = run(args, System.out, System.err);
    if (rc >= 0) {
      // the log handler writes from a queue: what was logged (why it could not start) goes out first
      ShutdownSafeLogManager.finish();
      System.exit(rc);
    }
  }

  /** Runs the command; returns the exit code, or -1 when services keep running. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length > 0 && args[0].equals("genhash")) {
      return GenHashCommand.run(args, out, err);
    }
    if (args.length > 0 && args[0].equals("ipvs")) {
      return VrrpNodeJar.running() ? VrrpNodeJar.refuse("ipvs", err) : IpvsCommand.run(args, out, err);
    }
    CliOptions o;
    try {
      o = CliOptions.parse(args, System.getenv());
    } catch (CliOptions.UsageException e) {
      err.println("vertalived: " + e.getMessage());
      return 2;
    }
    if (o.help) {
      out.print(CliOptions.usage());
      return 0;
    }
    if (o.version) {
      out.println("vertalived " + Version.VALUE + " (keepalived 2.2.7 configuration compatible)");
      return 0;
    }
    if ((o.cluster || !o.services.equals(java.util.Set.of("vrrp"))) && VrrpNodeJar.running()) {
      return VrrpNodeJar.refuse(o.cluster ? "--cluster" : "--services " + String.join(",", o.services), err);
    }
    ConfigLoader.Options defaults = ConfigLoader.Options.defaults();
    ConfigLoader.Options options = new ConfigLoader.Options(
        o.configId != null ? o.configId : defaults.configId(), o.allConfig, HostFacts.system());
    if (o.command != null) {
      // a command prints its answer; the cluster's start-up chatter is for --log-level info
      LogSetup.configure(o.logLevelGiven ? o.logLevel : "warn", o.logFormat, err);
    }
    if (o.command != null && o.node != null && !o.command.equals("reload")) {
      return ControlCommand.run(o, o.node, out, err);
    }
    java.util.concurrent.CompletableFuture<io.vertx.core.Vertx> early = null;
    if (o.command == null && !o.configTest && !o.dumpConf) {
      // running: the log is set up first, and a Vert.x without cluster is built while the configuration is read
      LogSetup.configure(o.logLevel, o.logFormat, out);
      early = SuiteRunner.buildLocalEarly(o);
    }
    ConfigLoader.Result result;
    try {
      result = ConfigLoader.load(Path.of(o.configFile), options);
    } catch (RuntimeException | Error e) {
      if (early != null) { // its threads would keep the JVM from ending
        early.thenAccept(io.vertx.core.Vertx::close);
      }
      throw e;
    }
    if ("reload".equals(o.command)) {
      return ReloadCommand.run(o, result, out, err);
    }
    if (o.command != null) {
      if (result.config() == null) {
        err.println("vertalived: cannot tell the node from " + o.configFile + " (it does not load); give --node NAME");
        return 2;
      }
      return ControlCommand.run(o, result.config().global().routerId(), out, err);
    }
    if (o.configTest) {
      return configTest(o, result, err);
    }
    if (o.dumpConf) {
      for (Diagnostic d : result.diagnostics()) {
        err.println(d.render());
      }
      if (result.config() == null) {
        return 4;
      }
      out.println(((JsonObject) ModelJson.toJson(result.config())).encodePrettily());
      return 0;
    }
    return SuiteRunner.start(o, options, result, early);
  }

  private static int configTest(CliOptions o, ConfigLoader.Result result, PrintStream err) {
    PrintStream target = err;
    if (o.configTestOutput != null && !o.configTestOutput.isEmpty()) {
      try {
        target = new PrintStream(new FileOutputStream(o.configTestOutput), true, StandardCharsets.UTF_8);
      } catch (IOException e) {
        err.println("vertalived: cannot write " + o.configTestOutput + ": " + e.getMessage());
        return 4;
      }
    }
    for (Diagnostic d : result.diagnostics()) {
      target.println(d.render());
    }
    if (target != err) {
      target.close();
    }
    return result.exitCode();
  }
}
