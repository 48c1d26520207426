package io.vertalived.ipvs.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertalived.core.config.model.IpAddress;
import io.vertalived.core.net.netlink.NetlinkMessage;
import io.vertalived.ipvs.table.ForwardMethod;
import io.vertalived.ipvs.table.LvsDestination;
import io.vertalived.ipvs.table.LvsService;
import io.vertalived.ipvs.table.ServiceKey;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class IpvsMessagesTest {
  private static final IpAddress VIP = IpAddress.parse("198.18.0.100").orElseThrow();

  @Test
  void newServiceIsByteForByteWhatTheKernelExpects() {
    // NEW_SERVICE of tcp 198.18.0.100:80 rr as linux-dataplane.md section 5 encodes it (family id 0xffff, seq 5)
    String expected = "68000000ffff050005000000000000000101000054000180"
        + "0600010002000000" + "0600020006000000" + "14000300c6120064000000000000000000000000"
        + "0600040000500000" + "0700060072720000" + "0c00070000000000ffffffff"
        + "0800080000000000" + "08000900ffffffff";
    LvsService svc = new LvsService(ServiceKey.ofAddress("TCP", VIP, 80), "rr", 0, 0, 0xffffffff, null);
    byte[] msg = IpvsMessages.service(0xffff, 5, IpvsMessages.CMD_NEW_SERVICE, svc);
    assertEquals(expected, HexFormat.of().formatHex(msg));
  }

  @Test
  void aServiceReadsBackAsItWasWritten() {
    for (LvsService svc : new LvsService[] {
        new LvsService(ServiceKey.ofAddress("UDP", VIP, 53), "sh", LvsService.F_PERSISTENT | LvsService.F_SCHED2,
            300, 0xffffff00, null),
        new LvsService(ServiceKey.ofFwmark(7, false), "wlc", 0, 0, 0xffffffff, null),
        new LvsService(ServiceKey.ofAddress("TCP", IpAddress.parse("2001:db8::1").orElseThrow(), 443), "mh",
            LvsService.F_PERSISTENT, 60, 64, "sip")}) {
      byte[] msg = IpvsMessages.service(0x20, 1, IpvsMessages.CMD_NEW_SERVICE, svc);
      NetlinkMessage m = NetlinkMessage.split(msg, msg.length).get(0);
      assertEquals(svc, IpvsMessages.readService(m));
    }
  }

  @Test
  void aDestinationReadsBackAsItWasWritten() {
    ServiceKey k = ServiceKey.ofAddress("TCP", VIP, 80);
    LvsDestination d = new LvsDestination(IpAddress.parse("198.18.0.2").orElseThrow(), 8080, ForwardMethod.DR, 7, 100, 10);
    byte[] msg = IpvsMessages.destination(0x20, 1, IpvsMessages.CMD_NEW_DEST, k, d);
    NetlinkMessage m = NetlinkMessage.split(msg, msg.length).get(0);
    assertEquals(d, IpvsMessages.readDestination(m, ServiceKey.AF_INET));
    assertEquals(k, IpvsMessages.readService(m).key());
  }
}
