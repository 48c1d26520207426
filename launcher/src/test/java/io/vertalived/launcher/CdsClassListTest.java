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
 * path changed, and scripts/cds-classlist.sh writes the list again.
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
}
