package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The top-level Dockerfile, built and run by a real Docker engine that the test starts itself
 * (Debian's docker.io; its own data and exec roots, no bridge, no iptables: nothing of the host
 * changes) from a base image it makes with debootstrap (no registry here: docker-here.md). The
 * image takes the jar this build made ({@code JAR_FROM=context}); a container runs the notifier
 * and the gateway as the unprivileged user, becomes healthy on its own probe, answers the API,
 * and stops gracefully on {@code docker stop}.
 */
class DockerImageIT {
  private static Path work;
  private static Process dockerd;
  private static String host;

  @BeforeAll
  static void engine() throws Exception {
    assumeTrue(ProcessResult.run(null, List.of("id", "-u")).output().strip().equals("0"),
        "skipped: needs root to run a Docker engine");
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/dockerd")) && Files.isExecutable(Path.of("/usr/sbin/debootstrap")),
        "skipped: docker.io and debootstrap are not installed");
    work = Files.createDirectories(Path.of("/var/tmp/vtl-docker-it-" + ProcessHandle.current().pid()));
    host = "unix://" + work.resolve("docker.sock");
    dockerd = new ProcessBuilder("/usr/sbin/dockerd", "--storage-driver=vfs", "--data-root=" + work.resolve("data"),
        "--exec-root=" + work.resolve("exec"), "--pidfile=" + work.resolve("dockerd.pid"), "--host=" + host,
        "--bridge=none", "--iptables=false", "--ip-masq=false").redirectErrorStream(true)
        .redirectOutput(work.resolve("dockerd.log").toFile()).start();
    Netns.await(() -> "the engine answers\n" + read(work.resolve("dockerd.log")), 60_000, DockerImageIT::engineAnswers);
    // the base image the Dockerfile names, made here as a registry would give it
    ProcessResult boot = ProcessResult.run(null, List.of("/usr/sbin/debootstrap", "--variant=minbase", "bookworm",
        work.resolve("rootfs").toString(), "http://deb.debian.org/debian"));
    assertEquals(0, boot.exitCode(), boot.output());
    ProcessResult.run(null, List.of("sh", "-c", "mountpoint -q " + work.resolve("rootfs/proc") + " && umount "
        + work.resolve("rootfs/proc") + " || true"));
    ProcessResult imported = ProcessResult.run(null, List.of("sh", "-c", "tar -C " + work.resolve("rootfs")
        + " -c . | /usr/bin/docker -H " + host + " import - debian:bookworm-slim"));
    assertEquals(0, imported.exitCode(), imported.output());
  }

  @AfterAll
  static void down() throws Exception {
    if (dockerd == null) {
      return;
    }
    docker("rm", "-f", "vtl-it");
    dockerd.destroy();
    if (!dockerd.waitFor(30, TimeUnit.SECONDS)) {
      dockerd.destroyForcibly();
      dockerd.waitFor(10, TimeUnit.SECONDS);
    }
    ProcessResult.run(null, List.of("rm", "-rf", work.toString()));
  }

  private static boolean engineAnswers() {
    try {
      return docker("info").exitCode() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static ProcessResult docker(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/docker", "-H", host));
    cmd.addAll(List.of(args));
    return ProcessResult.run(null, cmd);
  }

  @Test
  void theImageRunsAServiceAsItsUserHealthyAndStopsGracefully() throws Exception {
    Path home = Path.of(System.getProperty("vertalived.home", "..")).toRealPath();
    ProcessResult build = ProcessResult.run(home, List.of("env", "DOCKER_BUILDKIT=1", "/usr/bin/docker", "-H", host, "build",
        "--network", "host", "--build-arg", "JAR_FROM=context", "-t", "vertalived:it", "."));
    assertEquals(0, build.exitCode(), build.output());

    Path conf = Files.createDirectories(work.resolve("conf"));
    Files.writeString(conf.resolve("keepalived.conf"), "global_defs {\n router_id box1\n}\n");
    ProcessResult run = docker("run", "-d", "--name", "vtl-it", "--network", "none", "-v", conf + ":/etc/keepalived:ro",
        "vertalived:it", "--services", "notifier,gateway", "-f", "/etc/keepalived/keepalived.conf");
    assertEquals(0, run.exitCode(), run.output());
    Netns.await(() -> "the container is healthy\n" + logs(), 90_000,
        () -> health().equals("healthy"));

    assertEquals("10001", exec("id", "-u").strip(), "not root");
    String nodes = exec("curl", "-s", "http://127.0.0.1:8480/api/nodes");
    assertTrue(nodes.contains("\"node\":\"box1\"") && nodes.contains("\"services\":[\"notifier\",\"gateway\"]"), nodes);

    ProcessResult stop = docker("stop", "vtl-it");
    assertEquals(0, stop.exitCode(), stop.output());
    assertEquals("143", docker("inspect", "-f", "{{.State.ExitCode}}", "vtl-it").output().strip(), logs());
    assertTrue(logs().contains("INFO launcher: stopped"), "a graceful stop: " + logs());
    assertTrue(!logs().contains("cannot write pid file"), logs());
  }

  private static String health() {
    try {
      return docker("inspect", "-f", "{{.State.Health.Status}}", "vtl-it").output().strip();
    } catch (Exception e) {
      return e.toString();
    }
  }

  private static String exec(String... cmd) throws Exception {
    List<String> args = new ArrayList<>(List.of("exec", "vtl-it"));
    args.addAll(List.of(cmd));
    return docker(args.toArray(String[]::new)).output();
  }

  private static String logs() {
    try {
      return docker("logs", "vtl-it").output();
    } catch (Exception e) {
      return e.toString();
    }
  }
}
