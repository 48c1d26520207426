package io.vertalived.core.net.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteTablesTest {
  @TempDir
  Path dir;

  @Test
  void namesFromRtTablesAndItsDirectoryNumbersAsThey() throws Exception {
    Path etc = Files.createDirectories(dir.resolve("etc"));
    Files.writeString(etc.resolve("rt_tables"), "#\n255\tlocal\n254\tmain\n100 vips # for the VIPs\n0x20 hexed\nbad line\n");
    Files.createDirectories(etc.resolve("rt_tables.d"));
    Files.writeString(etc.resolve("rt_tables.d/isp.conf"), "201 isp2\n");
    Files.writeString(etc.resolve("rt_tables.d/ignored.txt"), "202 nope\n");
    Map<String, Integer> names = RouteTables.load(etc, dir.resolve("usr"));
    assertEquals(100, RouteTables.lookup("vips", names));
    assertEquals(32, RouteTables.lookup("hexed", names));
    assertEquals(201, RouteTables.lookup("isp2", names));
    assertEquals(254, RouteTables.lookup("main", names));
    assertEquals(253, RouteTables.lookup("default", names), "built in even when the file lacks it");
    assertEquals(7, RouteTables.lookup("7", names));
    assertNull(RouteTables.lookup("nope", names));
    assertNull(RouteTables.lookup("-1", names));
  }

  @Test
  void usrShareIsReadWhereEtcHasNoFile() throws Exception {
    Path usr = Files.createDirectories(dir.resolve("usr"));
    Files.writeString(usr.resolve("rt_tables"), "150 fromusr\n");
    assertEquals(150, RouteTables.lookup("fromusr", RouteTables.load(dir.resolve("etc"), usr)));
  }
}
