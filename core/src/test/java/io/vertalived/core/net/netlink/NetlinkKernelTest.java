package io.vertalived.core.net.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.net.NativeIoException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The netlink layer against this kernel, no privileges needed: generic netlink's controller
 * resolves itself by name and dumps every family (a multipart dump), rtnetlink dumps the links,
 * and a refused request is an error with errno.
 */
class NetlinkKernelTest {
  @Test
  void theHostsAddressesAreDumpedWithLoopbacksOwn() throws Exception {
    var local = io.vertalived.core.net.rtnl.LocalAddresses.dump();
    assertTrue(local.contains(java.net.InetAddress.getByName("127.0.0.1")), local.toString());
  }

  @Test
  void theControllerFamilyResolvesItselfByName() throws Exception {
    GenericNetlink genl = GenericNetlink.open();
    try {
      GenericNetlinkFamily ctrl = genl.family("nlctrl");
      assertEquals(GenericNetlink.GENL_ID_CTRL, ctrl.id());
      assertEquals("nlctrl", ctrl.name());
      assertTrue(ctrl.version() >= 1, "version " + ctrl.version());
      assertTrue(ctrl.multicastGroups().containsKey("notify"), ctrl.multicastGroups().toString());
    } finally {
      genl.socket().close();
    }
  }

  @Test
  void aDumpOfTheFamiliesHasEveryOneOnce() throws Exception {
    GenericNetlink genl = GenericNetlink.open();
    try {
      List<GenericNetlinkFamily> all = genl.families();
      assertTrue(all.stream().anyMatch(f -> f.name().equals("nlctrl") && f.id() == GenericNetlink.GENL_ID_CTRL),
          all.toString());
      assertEquals(all.size(), all.stream().map(GenericNetlinkFamily::id).distinct().count(), "ids are unique");
      // each family the dump lists resolves by name to the same id
      GenericNetlinkFamily any = all.get(all.size() - 1);
      assertEquals(any.id(), genl.family(any.name()).id());
    } finally {
      genl.socket().close();
    }
  }

  @Test
  void aFamilyThisKernelDoesNotHaveIsENOENT() throws Exception {
    // (names are at most 15 characters: a longer one is EINVAL)
    GenericNetlink genl = GenericNetlink.open();
    try {
      NativeIoException e = assertThrows(NativeIoException.class, () -> genl.family("no-such-fam"));
      assertEquals(2, e.errno());
      assertTrue(e.getMessage().startsWith("generic netlink family no-such-fam: "), e.getMessage());
    } finally {
      genl.socket().close();
    }
  }

  @Test
  void anRtnetlinkLinkDumpListsLoopback() throws Exception {
    try (NetlinkSocket s = new NetlinkSocket(Netlink.NETLINK_ROUTE)) {
      List<NetlinkMessage> links = s.dump("RTM_GETLINK", seq -> {
        ByteBuffer b = NetlinkEncoding.allocate(32);
        NetlinkEncoding.header(b, (short) 18, (short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP), seq);
        b.put(new byte[16]); // struct ifinfomsg
        return NetlinkEncoding.finish(b);
      });
      assertTrue(links.stream().anyMatch(m -> m.type() == 16 && "lo".equals(m.attributes(16).string(3))),
          links.size() + " links, no lo");
    }
  }

  @Test
  void aRefusedRequestIsAnErrorNamingItAndTheToleratedErrnoIsAnswered() throws Exception {
    try (NetlinkSocket s = new NetlinkSocket(Netlink.NETLINK_ROUTE)) {
      // RTM_DELADDR of 198.18.255.254/32 on lo: never there (EADDRNOTAVAIL) or not allowed (EPERM)
      java.util.function.IntFunction<byte[]> delete = seq -> {
        ByteBuffer b = NetlinkEncoding.allocate(64);
        NetlinkEncoding.header(b, (short) 21, (short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK), seq);
        b.put((byte) 2).put((byte) 32).put((byte) 0).put((byte) 0).putInt(1);
        NetlinkEncoding.attr(b, 2, new byte[] {(byte) 198, 18, (byte) 255, (byte) 254});
        return NetlinkEncoding.finish(b);
      };
      int seq = s.nextSequence();
      NativeIoException e = assertThrows(NativeIoException.class,
          () -> s.acknowledge("RTM_DELADDR 198.18.255.254/32", delete.apply(seq), seq));
      assertTrue(e.errno() == 99 || e.errno() == 1, e.getMessage());
      assertTrue(e.getMessage().startsWith("RTM_DELADDR 198.18.255.254/32: "), e.getMessage());
      int again = s.nextSequence();
      assertEquals(e.errno(), s.acknowledge("RTM_DELADDR", delete.apply(again), again, e.errno()));
      int third = s.nextSequence();
      assertNotEquals(0, s.request(delete.apply(third), third));
    }
  }
}
