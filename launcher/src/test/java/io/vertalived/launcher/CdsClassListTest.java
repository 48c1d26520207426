package io.vertalived.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * launcher/cds/vrrp-node.classlist (the classes a lone VRRP node loads, the `vertalived` script's class-data
 * archive is made from it) still names our classes as they are: a class it names that is gone means the start-up
 * path changed, and scripts/cds-classlist.sh writes the list again. So does a lambda it names that is no longer a
 * call site of its caller (the lambdas of a class are numbered in order: one added or removed renames the ones after
 * it): the archive then lacks them, and each is spun at start as if there were no archive (54 such lambdas cost a lone
 * node ~20 ms).
 */
class CdsClassListTest {
  private static final Path LIST = Path.of("cds/vrrp-node.classlist");

  @Test
  void everyClassOfOursItNamesExists() throws Exception {
    List<String> lines = Files.readAllLines(LIST);
    Set<String> ours = new TreeSet<>();
    for (String line : lines) {
      String name = line.startsWith("@lambda-proxy ") ? line.substring("@lambda-proxy ".length()) : line;
      name = name.split(" ")[0];
      if (name.startsWith("io/vertalived/")) {
        ours.add(name.replace('/', '.'));
      }
    }
    // the path of a lone node from launch to MASTER
    assertTrue(ours.containsAll(Set.of("io.vertalived.launcher.Main", "io.vertalived.vrrp.service.VrrpVerticle",
        "io.vertalived.vrrp.protocol.VrrpStateMachine")), "the list is a lone VRRP node's: " + ours.size());
    List<String> gone = new ArrayList<>();
    for (String name : ours) {
      try {
        Class.forName(name, false, getClass().getClassLoader());
      } catch (ClassNotFoundException e) {
        gone.add(name);
      }
    }
    assertEquals(List.of(), gone, "classes named in " + LIST + " are gone: run scripts/cds-classlist.sh (as root)");
  }

  /**
   * Each lambda of our classes the list names is still a call site of its caller, with the same kind and method
   * (the archive is made from these lines only where they match: a lambda renamed or moved keeps a method of its
   * name and type often, so the caller's constant pool is what is read, through javap).
   */
  @Test
  void everyLambdaOfOursItNamesIsACallSiteOfItsCaller() throws Exception {
    java.util.spi.ToolProvider javap = java.util.spi.ToolProvider.findFirst("javap").orElseThrow();
    java.util.Map<String, String> constantPools = new java.util.HashMap<>();
    List<String> gone = new ArrayList<>();
    int ours = 0;
    for (String line : Files.readAllLines(LIST)) {
      if (!line.startsWith("@lambda-proxy ")) {
        continue;
      }
      // @lambda-proxy caller name type erased-type kind implementation-class method descriptor instantiated-type
      String[] f = line.split(" ");
      if (f.length < 10 || !f[1].startsWith("io/vertalived/")) {
        continue;
      }
      ours++;
      String pool = constantPools.computeIfAbsent(f[1], caller -> {
        java.io.StringWriter out = new java.io.StringWriter();
        int rc = javap.run(new java.io.PrintWriter(out), new java.io.PrintWriter(out), "-v", "-p", "-cp",
            System.getProperty("java.class.path"), caller.replace('/', '.'));
        return rc == 0 ? out.toString() : "";
      });
      String method = f[7].equals("<init>") ? "\"<init>\"" : f[7]; // javap quotes a constructor's name
      if (!pool.contains("// " + f[5] + " " + f[6] + "." + method + ":" + f[8] + "\n")) {
        gone.add(f[1] + ": " + f[5] + " " + f[6] + "." + f[7] + f[8]);
      }
    }
    assertTrue(ours > 100, "the list names our lambdas: " + ours);
    assertEquals(List.of(), gone, "lambdas named in " + LIST + " are gone: run scripts/cds-classlist.sh (as root)");
  }
}
