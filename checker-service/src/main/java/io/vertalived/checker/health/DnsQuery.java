package io.vertalived.checker.health;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The query of {@code DNS_CHECK} (keepalived.conf(5) Virtual server(s)) and the check of its reply, pure (RFC 1035 4.1): one
 * question, recursion desired; a reply is good when it is at least a header long, carries our
 * ID, has QR set and RCODE 0.
 */
final class DnsQuery {
  static final Map<String, Integer> TYPES = Map.of("A", 1, "NS", 2, "CNAME", 5, "SOA", 6, "MX", 15,
      "TXT", 16, "AAAA", 28, "RRSIG", 46, "DNSKEY", 48);
  private static final String[] RCODES = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"};

  private DnsQuery() {}

  /** The query for {@code name} (absolute; "." is the root) of {@code type}. */
  static byte[] encode(int id, String name, String type) {
    Integer qtype = TYPES.get(type.toUpperCase(java.util.Locale.ROOT));
    if (qtype == null) {
      throw new IllegalArgumentException("DNS type '" + type + "' is not one of " + TYPES.keySet());
    }
    ByteBuffer b = ByteBuffer.allocate(12 + name.length() + 2 + 4);
    b.putShort((short) id).putShort((short) 0x0100).putShort((short) 1).putShort((short) 0)
        .putShort((short) 0).putShort((short) 0);
    for (String label : name.split("\\.")) {
      if (label.isEmpty()) {
        continue;
      }
      byte[] l = label.getBytes(StandardCharsets.US_ASCII);
      if (l.length > 63) {
        throw new IllegalArgumentException("DNS label '" + label + "' is longer than 63 bytes");
      }
      b.put((byte) l.length).put(l);
    }
    b.put((byte) 0).putShort(qtype.shortValue()).putShort((short) 1);
    return java.util.Arrays.copyOf(b.array(), b.position());
  }

  /** Null when {@code reply} answers query {@code id} with success, else why not. */
  static String verify(byte[] reply, int length, int id) {
    if (length < 12) {
      return "DNS reply of " + length + " bytes is shorter than a header";
    }
    ByteBuffer b = ByteBuffer.wrap(reply, 0, length);
    int replyId = b.getShort(0) & 0xffff;
    int flags = b.getShort(2) & 0xffff;
    if (replyId != (id & 0xffff)) {
      return "DNS reply ID " + replyId + " does not match query ID " + (id & 0xffff);
    }
    if ((flags & 0x8000) == 0) {
      return "DNS reply has QR unset (a query, not a response)";
    }
    int rcode = flags & 0xf;
    if (rcode != 0) {
      return "DNS RCODE " + (rcode < RCODES.length ? RCODES[rcode] : Integer.toString(rcode));
    }
    return null;
  }
}
