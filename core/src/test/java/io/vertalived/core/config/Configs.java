package io.vertalived.core.config;

import io.vertalived.core.config.keywords.HostFacts;
import io.vertalived.core.config.parse.Diagnostic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Test helper: writes config text to files and loads them against fixed host facts. */
final class Configs {
  static final HostFacts HOST = HostFacts.fixed(Set.of("lo", "eth0", "eth1"), Set.of("root", "nobody"), "testhost");
  static final ConfigLoader.Options OPTIONS = new ConfigLoader.Options("node1", false, HOST);

  private final Path dir;

  Configs(Path dir) {
    this.dir = dir;
  }

  Path write(String name, String text) {
    try {
      Path p = dir.resolve(name);
      Files.createDirectories(p.getParent());
      Files.writeString(p, text, StandardCharsets.UTF_8);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ConfigLoader.Result load(String text) {
    return ConfigLoader.load(write("keepalived.conf", text), OPTIONS);
  }

  static TreeSet<Integer> lines(ConfigLoader.Result r) {
    TreeSet<Integer> out = new TreeSet<>();
    for (Diagnostic d : r.diagnostics()) {
      if (d.location() != null) {
        out.add(d.location().line());
      }
    }
    return out;
  }

  static List<String> messages(ConfigLoader.Result r) {
    return r.diagnostics().stream().map(Diagnostic::message).toList();
  }

  static String instance(String body) {
    return "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
        + " virtual_ipaddress {\n  198.18.0.1\n }\n" + body + "\n}\n";
  }
}
