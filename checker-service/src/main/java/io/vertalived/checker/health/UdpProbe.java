package io.vertalived.checker.health;

import io.vertalived.core.config.model.Checker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * {@code UDP_CHECK} (keepalived.conf(5) Virtual server(s)): one datagram ({@code payload}, hex) on a connected UDP socket;
 * down when an ICMP port unreachable comes back, or, with {@code require_reply}, when no reply
 * comes within {@code connect_timeout} or it does not match (hex, X = any nibble, compared with
 * the reply's start) or its length is outside {@code min_reply_length..max_reply_length}. The
 * blocking receive runs on a worker thread, bounded by {@code connect_timeout}.
 */
final class UdpProbe implements Probe {
  private final Vertx vertx;
  private final Checker.UdpCheck check;
  private final String host;
  private final int port;
  private final byte[] payload;

  UdpProbe(Vertx vertx, Checker.UdpCheck check, String realServerIp, int realServerPort) {
    this.vertx = vertx;
    this.check = check;
    var s = check.settings();
    this.host = s.connectIp() != null ? s.connectIp().toString() : realServerIp;
    this.port = s.connectPort() > 0 ? s.connectPort() : realServerPort;
    this.payload = hex(check.payload() == null ? "" : check.payload());
    if (check.requireReply() != null) {
      nibbles(check.requireReply()); // a bad pattern fails at start-up
    }
  }

  /** Hex digits (spaces ignored) to bytes. */
  static byte[] hex(String text) {
    String t = text.replaceAll("\\s", "");
    if (t.length() % 2 != 0 || !t.matches("[0-9a-fA-F]*")) {
      throw new IllegalArgumentException("UDP_CHECK payload '" + text + "' is not an even number of hex digits");
    }
    byte[] out = new byte[t.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(t.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  private static String nibbles(String pattern) {
    String t = pattern.replaceAll("\\s", "");
    if (!t.matches("[0-9a-fA-FxX]*")) {
      throw new IllegalArgumentException("UDP_CHECK require_reply '" + pattern + "' is not hex with X wildcards");
    }
    return t;
  }

  /** Null when the reply is acceptable, else why not. */
  static String judgeReply(byte[] reply, int length, String pattern, int min, int max) {
    if (length < min || length > max) {
      return "UDP reply of " + length + " bytes is outside " + min + ".." + max;
    }
    String p = nibbles(pattern);
    if (p.length() > length * 2) {
      return "UDP reply of " + length + " bytes is shorter than require_reply";
    }
    for (int i = 0; i < p.length(); i++) {
      char want = Character.toLowerCase(p.charAt(i));
      if (want == 'x') {
        continue;
      }
      int b = reply[i / 2] & 0xff;
      int nibble = i % 2 == 0 ? b >> 4 : b & 0xf;
      if (Character.forDigit(nibble, 16) != want) {
        return "UDP reply does not match require_reply at byte " + (i / 2);
      }
    }
    return null;
  }

  @Override
  public Future<ProbeOutcome> probe() {
    long start = System.nanoTime();
    int timeout = (int) Math.max(1, Math.round(check.settings().connectTimeout() * 1000));
    return vertx.executeBlocking(() -> exchange(timeout, start), false);
  }

  private ProbeOutcome exchange(int timeoutMs, long start) {
    boolean wantReply = check.requireReply() != null;
    try (DatagramChannel ch = DatagramChannel.open()) {
      ch.connect(new InetSocketAddress(host, port));
      ch.write(ByteBuffer.wrap(payload));
      ch.socket().setSoTimeout(timeoutMs);
      DatagramPacket reply = new DatagramPacket(new byte[65536], 65536);
      try {
        ch.socket().receive(reply);
      } catch (SocketTimeoutException e) {
        return wantReply ? new ProbeOutcome(false, "no UDP reply from " + host + ":" + port + " within " + timeoutMs + " ms", ProbeOutcome.millisSince(start))
            : new ProbeOutcome(true, "no ICMP unreachable within " + timeoutMs + " ms", ProbeOutcome.millisSince(start));
      }
      if (!wantReply) {
        return new ProbeOutcome(true, "UDP reply of " + reply.getLength() + " bytes", ProbeOutcome.millisSince(start));
      }
      String problem = judgeReply(reply.getData(), reply.getLength(), check.requireReply(), check.minReplyLength(),
          check.maxReplyLength());
      return new ProbeOutcome(problem == null, problem == null ? "UDP reply matched" : problem, ProbeOutcome.millisSince(start));
    } catch (PortUnreachableException e) {
      return new ProbeOutcome(false, "ICMP port unreachable from " + host + ":" + port, ProbeOutcome.millisSince(start));
    } catch (IOException e) {
      return new ProbeOutcome(false, "UDP to " + host + ":" + port + " failed: " + e.getMessage(), ProbeOutcome.millisSince(start));
    }
  }


  @Override
  public void close() {
    // a socket per probe, closed with it
  }
}
