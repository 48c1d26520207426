package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * compose.yaml as Docker Compose reads it (Debian's docker-compose validates offline, no engine):
 * every key known, the lab's services and network as the README describes them, and each
 * configuration file it mounts accepted by {@code vertalived -t}.
 */
class ComposeFileIT {
  @Test
  void theLabComposeFileIsValidAndItsConfigurationsPassTheCheck() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker-compose")), "skipped: docker-compose is not installed");
    Path home = Path.of(System.getProperty("vertalived.home", "..")).toRealPath();
    ProcessResult check = ProcessResult.run(home, List.of("/usr/bin/docker-compose", "-f", "compose.yaml", "config", "-q"));
    assertEquals(0, check.exitCode(), check.output());
    ProcessResult services = ProcessResult.run(home, List.of("/usr/bin/docker-compose", "-f", "compose.yaml", "config",
        "--services"));
    assertEquals(List.of("checker", "gateway", "notifier", "r1", "r2", "sink", "web1", "web2"),
        services.output().lines().sorted().toList());
    String resolved = ProcessResult.run(home, List.of("/usr/bin/docker-compose", "-f", "compose.yaml", "config")).output();
    assertTrue(resolved.contains("subnet: 198.18.100.0/24"), resolved);
    assertTrue(resolved.contains("127.0.0.1:8080:8480/tcp") || resolved.contains("published: 8080"), resolved);
    // the production variant on the host's network
    ProcessResult host = ProcessResult.run(home, List.of("/usr/bin/docker-compose", "-f", "packaging/compose.host.yaml",
        "config"));
    assertEquals(0, host.exitCode(), host.output());
    assertTrue(host.output().contains("network_mode: host") && host.output().contains("NET_RAW"), host.output());
    // checked where the containers' interfaces exist (eth0 on the lab network, eth1 on the servers network):
    // an address on an interface that does not exist is an error, as for keepalived -t
    assumeTrue("0".equals(ProcessResult.run(null, List.of("id", "-u")).output().strip()),
        "skipped: needs root to make the containers' interfaces in a network namespace");
    String ns = "vtl-compose-" + ProcessHandle.current().pid();
    try {
      assertEquals(0, ProcessResult.run(null, List.of("ip", "netns", "add", ns)).exitCode());
      assertEquals(0, ProcessResult.run(null, List.of("ip", "-n", ns, "link", "add", "eth0", "type", "veth", "peer",
          "name", "eth1")).exitCode());
      for (String conf : List.of("r1.conf", "r2.conf", "services.conf")) {
        ProcessResult t = ProcessResult.run(home, List.of("ip", "netns", "exec", ns, InteropLab.launcher(), "-t", "-f",
            home.resolve("docker/lab").resolve(conf).toString()));
        assertEquals(0, t.exitCode(), conf + ": " + t.output());
      }
    } finally {
      ProcessResult.run(null, List.of("ip", "netns", "del", ns));
    }
  }
}
