package io.vertalived.vrrp.net;

import io.vertalived.core.net.NativeIoException;
import io.vertalived.core.net.netlink.Netlink;
import io.vertalived.core.net.netlink.NetlinkSocket;
import io.vertalived.core.net.nftables.NfTablesBatch;
import java.io.IOException;

/**
 * One NETLINK_NETFILTER socket and its sequence numbers: sends nf_tables batches and reads the
 * answer of each request. Blocking: the netlink thread.
 */
final class NfTablesSession implements AutoCloseable {
  private static final int ENOENT = 2;
  private final NetlinkSocket socket;
  private int seq = 1;

  NfTablesSession() throws NativeIoException {
    socket = new NetlinkSocket(Netlink.NETLINK_NETFILTER);
  }

  /** A new batch numbered after the last one sent. */
  NfTablesBatch batch() {
    return new NfTablesBatch(seq);
  }

  /** Sends the batch; answers the first errno of its requests, or 0. */
  int exchange(NfTablesBatch b) throws NativeIoException {
    byte[] bytes = b.finish();
    seq = b.lastRequestSequence() + 2; // after the END message
    return socket.requestBatch(bytes, b.firstSequence(), b.lastRequestSequence());
  }

  /** Sends the batch; fails naming {@code what} unless every request succeeded. */
  void send(NfTablesBatch b, String what) throws IOException {
    int errno = exchange(b);
    if (errno != 0) {
      throw new NativeIoException("nf_tables: " + what, errno);
    }
  }

  /** Deletes table {@code table} of {@code family} (NFPROTO_*); none there counts as done. */
  void deleteTable(int family, String table) throws IOException {
    NfTablesBatch b = batch();
    b.begin(NfTablesBatch.NFT_MSG_DELTABLE, 0, family).string(1, table).done();
    int errno = exchange(b);
    if (errno != 0 && errno != ENOENT) {
      throw new NativeIoException("nf_tables: delete table " + (family == NfTablesBatch.NFPROTO_IPV4 ? "ip " : "ip6 ")
          + table, errno);
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
