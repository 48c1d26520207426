package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliOptionsTest {
  @TempDir
  Path dir;

  @Test
  void keepalivedOptionsAndOurs() throws Exception {
    CliOptions o = CliOptions.parse(new String[] {"-f", "/x.conf", "-t", "-i", "n1", "-P",
        "--cluster", "--cluster-members=10.0.0.1,10.0.0.2:5702", "--log-format", "json"}, Map.of());
    assertEquals("/x.conf", o.configFile);
    assertTrue(o.configTest);
    assertEquals("n1", o.configId);
    assertEquals(List.of("vrrp"), List.copyOf(o.services));
    assertTrue(o.cluster);
    assertEquals(List.of("10.0.0.1", "10.0.0.2:5702"), o.clusterSettings.members());
    assertEquals("json", o.logFormat);
    assertEquals(List.of("checker", "ipvs"), List.copyOf(CliOptions.parse(new String[] {"-C"}, Map.of()).services));
  }

  @Test
  void controlCommandsNameAnInstanceAndOptionallyANode() throws Exception {
    CliOptions o = CliOptions.parse(new String[] {"-f", "/x.conf", "handover", "VI_1", "--node", "lb2"}, Map.of());
    assertEquals("handover", o.command);
    assertEquals("VI_1", o.commandInstance);
    assertEquals("lb2", o.node);
    assertEquals("resume-preempt", CliOptions.parse(new String[] {"resume-preempt", "VI_1"}, Map.of()).command);
    CliOptions status = CliOptions.parse(new String[] {"status"}, Map.of());
    assertEquals("status", status.command);
    assertEquals(null, status.commandInstance, "status names an instance only to narrow it down");
    assertEquals("handover: name the vrrp_instance (see --help)",
        assertThrows(CliOptions.UsageException.class, () -> CliOptions.parse(new String[] {"handover"}, Map.of())).getMessage());
    assertEquals("unexpected argument 'reboot' (commands: handover, resume-preempt, status, reload; see --help)",
        assertThrows(CliOptions.UsageException.class, () -> CliOptions.parse(new String[] {"reboot"}, Map.of())).getMessage());
    CliOptions reload = CliOptions.parse(new String[] {"-p", "/run/lb1.pid", "reload"}, Map.of());
    assertEquals("reload", reload.command);
    assertEquals("/run/lb1.pid", reload.pidFile);
    assertEquals("/run/vertalived.pid", CliOptions.parse(new String[] {"reload"}, Map.of()).pidFile);
    assertEquals("reload: takes no instance (it reloads the node's whole configuration)",
        assertThrows(CliOptions.UsageException.class, () -> CliOptions.parse(new String[] {"reload", "VI_1"}, Map.of())).getMessage());
  }

  @Test
  void gatewayOptionsBecomeTheSettingsItReads() throws Exception {
    CliOptions o = CliOptions.parse(new String[] {"--gateway-port", "9000", "--api-token-file", "/etc/vertalived/tokens",
        "--api-read=token", "--gateway-tls-cert", "/c.pem", "--gateway-tls-key", "/k.pem", "--gateway-cors",
        "https://ops.example.org"}, Map.of());
    assertEquals(9000, o.gatewayPort);
    assertEquals(Map.of("vertalived.api.token.file", "/etc/vertalived/tokens", "vertalived.api.read", "token",
        "vertalived.gateway.tls.cert", "/c.pem", "vertalived.gateway.tls.key", "/k.pem",
        "vertalived.gateway.cors", "https://ops.example.org"), o.gatewayProperties);
  }

  @Test
  void healthProbesFromTheEnvironmentOrTheFlag() throws Exception {
    assertEquals(null, CliOptions.parse(new String[] {}, Map.of()).healthPort);
    assertEquals(8481, CliOptions.parse(new String[] {}, Map.of("VERTALIVED_HEALTH_PORT", "8481")).healthPort);
    assertEquals(9000, CliOptions.parse(new String[] {"--health-port", "9000"}, Map.of("VERTALIVED_HEALTH_PORT", "8481"))
        .healthPort);
    assertThrows(CliOptions.UsageException.class, () -> CliOptions.parse(new String[] {}, Map.of("VERTALIVED_HEALTH_PORT",
        "http")));
  }

  @Test
  void environmentConfiguresTheClusterAndFlagsWin() throws Exception {
    CliOptions o = CliOptions.parse(new String[] {"--cluster-port", "6000"},
        Map.of("VERTALIVED_CLUSTER_NAME", "prod", "VERTALIVED_CLUSTER_PORT", "5800",
            "VERTALIVED_CLUSTER_MEMBERS", "a,b"));
    assertEquals("prod", o.clusterSettings.name());
    assertEquals(6000, o.clusterSettings.port());
    assertEquals(List.of("a", "b"), o.clusterSettings.members());
  }

  @Test
  void badCommandLinesSaySpecificallyWhatIsWrong() {
    assertEquals("unknown option '--frob' (see --help)",
        assertThrows(CliOptions.UsageException.class, () -> CliOptions.parse(new String[] {"--frob"}, Map.of())).getMessage());
    assertEquals("option -f needs a value (see --help)",
        assertThrows(CliOptions.UsageException.class, () -> CliOptions.parse(new String[] {"-f"}, Map.of())).getMessage());
    assertTrue(assertThrows(CliOptions.UsageException.class,
        () -> CliOptions.parse(new String[] {"--services", "vrrp,dns"}, Map.of())).getMessage().contains("unknown service 'dns'"));
    assertTrue(assertThrows(CliOptions.UsageException.class,
        () -> CliOptions.parse(new String[] {"--cluster-port", "99999"}, Map.of())).getMessage().contains("not a port number"));
    assertTrue(assertThrows(CliOptions.UsageException.class,
        () -> CliOptions.parse(new String[] {}, Map.of("VERTALIVED_CLUSTER_PORT", "x"))).getMessage()
        .startsWith("VERTALIVED_CLUSTER_PORT"));
  }

  @Test
  void configTestPrintsDiagnosticsAndReturnsKeepalivedsExitCode() throws Exception {
    Path conf = dir.resolve("k.conf");
    Files.writeString(conf, "global_defs {\n bogus 1\n}\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = Main.run(new String[] {"-t", "-f", conf.toString()}, new PrintStream(out), new PrintStream(err));
    assertEquals(5, rc);
    assertEquals("(" + conf + ": Line 2) Unknown keyword 'bogus'\n", err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void dumpPrintsJson() throws Exception {
    Path conf = dir.resolve("k.conf");
    Files.writeString(conf, "global_defs {\n router_id R9\n}\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc = Main.run(new String[] {"-d", "-f", conf.toString()}, new PrintStream(out), new PrintStream(new ByteArrayOutputStream()));
    assertEquals(0, rc);
    assertEquals("R9", new io.vertx.core.json.JsonObject(out.toString(StandardCharsets.UTF_8))
        .getJsonObject("global").getString("routerId"));
  }

  @Test
  void missingFileCannotRunAndSaysWhy() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = Main.run(new String[] {"-t", "-f", dir.resolve("none.conf").toString()},
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
    assertEquals(4, rc);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("not found or not readable"));
  }
}
