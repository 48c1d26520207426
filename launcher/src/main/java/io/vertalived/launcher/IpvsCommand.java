package io.vertalived.launcher;

import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.keywords.HostFacts;
import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.ipvs.cli.PlanText;
import io.vertalived.ipvs.cli.StatusText;
import io.vertalived.ipvs.kernel.IpvsBackend;
import io.vertalived.ipvs.kernel.nft.NftLvsRules;
import io.vertalived.ipvs.kernel.KernelTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code vertalived ipvs plan [-f FILE]}: the operations the ipvs service would apply to this kernel's table for the
 * configuration, not applied. {@code vertalived ipvs status [-f FILE]}: the kernel's table as {@code ipvsadm -Ln
 * --stats} shows it, with the configuration's names and what each weight means. Exit 0, 1 when the kernel cannot be
 * read (no IPVS here, not root) or the configuration does not load, 2 for a bad command line.
 */
final class IpvsCommand {
  private IpvsCommand() {}

  static String usage() {
    return """
        Usage: vertalived ipvs plan [-f FILE]     what the ipvs service would change in the kernel's table
               vertalived ipvs status [-f FILE]   the kernel's table with the configuration's names
          -f, --use-file   keepalived.conf (default /etc/keepalived/keepalived.conf)
        """;
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length < 2 || !(args[1].equals("plan") || args[1].equals("status"))) {
      err.print(usage());
      return 2;
    }
    String file = "/etc/keepalived/keepalived.conf";
    for (int i = 2; i < args.length; i++) {
      if ((args[i].equals("-f") || args[i].equals("--use-file")) && i + 1 < args.length) {
        file = args[++i];
      } else if (args[i].startsWith("--use-file=")) {
        file = args[i].substring("--use-file=".length());
      } else {
        err.println("vertalived ipvs: unknown argument '" + args[i] + "'");
        err.print(usage());
        return 2;
      }
    }
    KeepalivedConfig config = null;
    Path path = Path.of(file);
    if (args[1].equals("plan") || Files.isReadable(path)) {
      ConfigLoader.Options d = ConfigLoader.Options.defaults();
      ConfigLoader.Result r = ConfigLoader.load(path, new ConfigLoader.Options(d.configId(), false, HostFacts.system()));
      if (r.config() == null || r.exitCode() >= 4 && r.exitCode() != 5) {
        r.diagnostics().forEach(x -> err.println(x.render()));
        err.println("vertalived ipvs: " + file + " does not load");
        return 1;
      }
      config = r.config();
    }
    IpvsBackend kernel;
    try {
      kernel = IpvsBackend.open();
    } catch (IOException e) {
      err.println("vertalived ipvs: " + e.getMessage() + "; where the nftables backend serves the virtual servers"
          + " (docs/ipvs.md), its table is listed by: nft list table ip " + NftLvsRules.TABLE);
      return 1;
    }
    try (kernel) {
      KernelTable t = kernel.read();
      out.print(args[1].equals("plan") ? PlanText.of(config, t.table()) : StatusText.of(kernel.version(), t, config));
      return 0;
    } catch (IOException e) {
      err.println("vertalived ipvs: " + e.getMessage());
      return 1;
    }
  }
}
