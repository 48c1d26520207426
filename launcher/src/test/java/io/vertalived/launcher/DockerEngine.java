package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Docker engine a test starts and stops itself (Debian's docker.io; docker-here.md): its own
 * data and exec roots under /var/tmp, never iptables (a dockerd that manages iptables sets the
 * host's FORWARD policy to DROP), and either no bridge or its own in 198.18.96.0/20; the base
 * image debian:bookworm-slim made with debootstrap (no registry here). Starting it skips the test
 * with a one-line reason without root or without the packages.
 */
final class DockerEngine {
  private final Path work;
  private final Process dockerd;
  private final String host;
  private final boolean bridge;

  private DockerEngine(Path work, Process dockerd, String host, boolean bridge) {
    this.work = work;
    this.dockerd = dockerd;
    this.host = host;
    this.bridge = bridge;
  }

  /** @param bridge whether containers may have networks (compose), or none at all */
  static DockerEngine start(String name, boolean bridge) throws Exception {
    assumeTrue(ProcessResult.run(null, List.of("id", "-u")).output().strip().equals("0"),
        "skipped: needs root to run a Docker engine");
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/dockerd")) && Files.isExecutable(Path.of("/usr/sbin/debootstrap"))
        && Files.isExecutable(Path.of("/usr/bin/docker-compose")),
        "skipped: docker.io, docker-compose or debootstrap is not installed");
    Path work = Files.createDirectories(Path.of("/var/tmp/vtl-docker-" + name + "-" + ProcessHandle.current().pid()));
    String host = "unix://" + work.resolve("docker.sock");
    List<String> cmd = new ArrayList<>(List.of("/usr/sbin/dockerd", "--storage-driver=vfs",
        "--data-root=" + work.resolve("data"), "--exec-root=" + work.resolve("exec"),
        "--pidfile=" + work.resolve("dockerd.pid"), "--host=" + host, "--iptables=false", "--ip-masq=false"));
    cmd.addAll(bridge ? List.of("--bip=198.18.99.1/24", "--default-address-pool", "base=198.18.96.0/20,size=24")
        : List.of("--bridge=none"));
    Process dockerd = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("dockerd.log").toFile())
        .start();
    DockerEngine e = new DockerEngine(work, dockerd, host, bridge);
    Netns.await(() -> "the engine answers\n" + read(work.resolve("dockerd.log")), 60_000, e::answers);
    ProcessResult boot = ProcessResult.run(null, List.of("/usr/sbin/debootstrap", "--variant=minbase", "bookworm",
        work.resolve("rootfs").toString(), "http://deb.debian.org/debian"));
    assertEquals(0, boot.exitCode(), boot.output());
    ProcessResult.run(null, List.of("sh", "-c", "mountpoint -q " + work.resolve("rootfs/proc") + " && umount "
        + work.resolve("rootfs/proc") + " || true"));
    ProcessResult imported = ProcessResult.run(null, List.of("sh", "-c", "tar -C " + work.resolve("rootfs")
        + " -c . | /usr/bin/docker -H " + host + " import - debian:bookworm-slim"));
    assertEquals(0, imported.exitCode(), imported.output());
    return e;
  }

  String host() {
    return host;
  }

  Path work() {
    return work;
  }

  private boolean answers() {
    try {
      return docker("info").exitCode() == 0;
    } catch (Exception ex) {
      return false;
    }
  }

  ProcessResult docker(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/docker", "-H", host));
    cmd.addAll(List.of(args));
    return ProcessResult.run(null, cmd);
  }

  /** Builds the repository's Dockerfile (its {@code target}, or the image) with the jar this build made. */
  void build(Path home, String tag, String target) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("env", "DOCKER_BUILDKIT=1", "/usr/bin/docker", "-H", host, "build",
        "--network", "host", "--build-arg", "JAR_FROM=context", "-t", tag));
    if (target != null) {
      cmd.addAll(List.of("--target", target));
    }
    cmd.add(".");
    ProcessResult build = ProcessResult.run(home, cmd);
    assertEquals(0, build.exitCode(), build.output());
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /** Stops the engine and removes all it made (its bridge included). */
  void stop() throws Exception {
    dockerd.destroy();
    if (!dockerd.waitFor(30, TimeUnit.SECONDS)) {
      dockerd.destroyForcibly();
      dockerd.waitFor(10, TimeUnit.SECONDS);
    }
    if (bridge) {
      ProcessResult.run(null, List.of("ip", "link", "del", "docker0"));
    }
    ProcessResult.run(null, List.of("rm", "-rf", work.toString()));
  }
}
