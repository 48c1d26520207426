package io.vertalived.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.config.keywords.HostFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LvsExtensionTest {
  @TempDir
  Path dir;

  private ConfigLoader.Result load(String text) throws Exception {
    Path f = dir.resolve("keepalived.conf");
    Files.writeString(f, text);
    return ConfigLoader.load(f, new ConfigLoader.Options("n1", false, HostFacts.fixed(Set.of(), Set.of(), "n1")));
  }

  @Test
  void theBackendDefaultsToAutoAndCanBeChosen() throws Exception {
    assertEquals("auto", load("virtual_server 198.18.0.1 80 {\n protocol TCP\n lb_algo rr\n lb_kind NAT\n"
        + " real_server 198.18.0.2 80 {\n }\n}\n").config().lvs().backend());
    var r = load("vertalived_lvs {\n backend nftables\n}\n");
    assertEquals("nftables", r.config().lvs().backend());
    assertEquals(0, r.exitCode(), r.diagnostics().toString());
  }

  @Test
  void withNftablesTheTestRefusesWhatItCannotDoNamingIt() throws Exception {
    var r = load("vertalived_lvs {\n backend nftables\n}\nvirtual_server 198.18.0.1 80 {\n protocol TCP\n"
        + " lb_algo wlc\n lb_kind NAT\n real_server 198.18.0.2 80 {\n }\n}\n"
        + "virtual_server 198.18.0.1 81 {\n protocol TCP\n lb_algo rr\n lb_kind DR\n real_server 198.18.0.2 81 {\n }\n}\n");
    String all = r.diagnostics().toString();
    assertTrue(all.contains("Virtual server [198.18.0.1]:tcp:80: the nftables backend cannot schedule by wlc"), all);
    assertTrue(all.contains("Virtual server [198.18.0.1]:tcp:81: the nftables backend forwards by NAT only"), all);
    assertEquals(5, r.exitCode());
  }

  @Test
  void anUnknownBackendIsAnErrorAndAutoStays() throws Exception {
    var r = load("vertalived_lvs {\n backend lvs\n}\n");
    assertTrue(r.diagnostics().toString().contains("vertalived_lvs backend 'lvs' unknown"), r.diagnostics().toString());
    assertEquals("auto", r.config().lvs().backend());
  }
}
