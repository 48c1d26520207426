import java.io.BufferedWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway benchmark's lean SSE clients (java bench/gateway/SseLean.java HOST PORT N OUT): N
 * connections to /api/events?type=vrrp_transition served by two threads, each one Selector and
 * plain non-blocking sockets. The measuring clients share the machine's two vCPUs with the
 * gateway, so the work per arrival is kept to a read and a scan of its bytes: the arrival time,
 * the client and the event's id go to primitive arrays (no garbage: a collection in the clients
 * would be measured as the gateway's latency); an event's JSON is decoded once, at its first
 * arrival. Output as SseClients' live mode: client, journal id, state entered, arrival (epoch
 * microseconds), microseconds from the event's timestamp to its arrival. Prints "connected N"
 * once every response header is in.
 */
public class SseLean {
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ID = "\"id\":".getBytes(StandardCharsets.US_ASCII);
  /** An event's JSON, by id, from its first arrival. */
  private static final Map<Long, String> EVENTS = new ConcurrentHashMap<>();

  /** One thread's arrivals: client, journal id, arrival time. */
  private static final class Arrivals {
    int size;
    int[] client = new int[1 << 16];
    long[] id = new long[1 << 16];
    long[] at = new long[1 << 16];

    synchronized void add(int c, long i, long t) {
      if (size == client.length) {
        client = Arrays.copyOf(client, size * 2);
        id = Arrays.copyOf(id, size * 2);
        at = Arrays.copyOf(at, size * 2);
      }
      client[size] = c;
      id[size] = i;
      at[size++] = t;
    }
  }

  private static final class Conn {
    final int client;
    final SocketChannel ch;
    /** The bytes of a line not yet ended. */
    byte[] line = new byte[1024];
    int length;
    boolean headers;

    Conn(int client, SocketChannel ch) {
      this.client = client;
      this.ch = ch;
    }

    void append(byte b) {
      if (length == line.length) {
        line = Arrays.copyOf(line, length * 2);
      }
      line[length++] = b;
    }

    boolean lineStartsWith(byte[] prefix) {
      if (length < prefix.length) {
        return false;
      }
      for (int i = 0; i < prefix.length; i++) {
        if (line[i] != prefix[i]) {
          return false;
        }
      }
      return true;
    }

    /** The number after "id": in the line, or -1. */
    long eventId() {
      outer:
      for (int i = 0; i + ID.length <= length; i++) {
        for (int j = 0; j < ID.length; j++) {
          if (line[i + j] != ID[j]) {
            continue outer;
          }
        }
        long v = 0;
        for (int k = i + ID.length; k < length && line[k] >= '0' && line[k] <= '9'; k++) {
          v = v * 10 + (line[k] - '0');
        }
        return v;
      }
      return -1;
    }
  }

  private static long micros() {
    Instant t = Instant.now();
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
  }

  public static void main(String[] args) throws Exception {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    int n = Integer.parseInt(args[2]);
    Path out = Path.of(args[3]);
    int threads = 2;
    AtomicInteger connected = new AtomicInteger();
    List<Arrivals> perThread = new ArrayList<>();
    byte[] request = ("GET /api/events?type=vrrp_transition HTTP/1.1\r\nHost: " + host + ":" + port
        + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    for (int t = 0; t < threads; t++) {
      Arrivals arrivals = new Arrivals();
      perThread.add(arrivals);
      int first = t;
      Thread loop = new Thread(() -> {
        try (Selector sel = Selector.open()) {
          for (int i = first; i < n; i += threads) {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress(host, port));
            ch.write(ByteBuffer.wrap(request));
            ch.configureBlocking(false);
            ch.register(sel, SelectionKey.OP_READ, new Conn(i, ch));
          }
          ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
          byte[] bytes = new byte[64 * 1024];
          while (true) {
            sel.select();
            for (SelectionKey k : sel.selectedKeys()) {
              Conn c = (Conn) k.attachment();
              buf.clear();
              int r = c.ch.read(buf);
              if (r < 0) {
                k.cancel();
                continue;
              }
              long now = micros();
              buf.flip();
              buf.get(bytes, 0, r);
              for (int i = 0; i < r; i++) {
                if (bytes[i] != '\n') {
                  c.append(bytes[i]);
                  continue;
                }
                if (!c.headers) {
                  if (c.length == 1 && c.line[0] == '\r') {
                    c.headers = true;
                    if (connected.incrementAndGet() == n) {
                      System.out.println("connected " + n);
                      System.out.flush();
                    }
                  }
                } else if (c.lineStartsWith(DATA)) {
                  long id = c.eventId();
                  if (id < 0) {
                    // a control frame (gap, reset): no event
                    c.length = 0;
                    continue;
                  }
                  arrivals.add(c.client, id, now);
                  if (!EVENTS.containsKey(id)) {
                    EVENTS.put(id, new String(c.line, DATA.length, c.length - DATA.length, StandardCharsets.UTF_8));
                  }
                }
                c.length = 0;
              }
            }
            sel.selectedKeys().clear();
          }
        } catch (Exception e) {
          System.out.println("clients failed: " + e);
        }
      });
      loop.setDaemon(true);
      loop.start();
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
        for (Arrivals a : perThread) {
          synchronized (a) {
            for (int i = 0; i < a.size; i++) {
              try {
                String json = EVENTS.get(a.id[i]);
                String to = field(json, "\"to\":\"", "\"");
                long at = micros(Instant.parse(field(json, "\"timestamp\":\"", "\"")));
                w.write(a.client[i] + " " + a.id[i] + " " + to + " " + a.at[i] + " " + (a.at[i] - at) + "\n");
              } catch (RuntimeException bad) {
                System.out.println("arrival " + a.id[i] + " not written: " + bad.getMessage());
              }
            }
          }
        }
      } catch (Exception x) {
        System.out.println("cannot write the arrivals: " + x);
      }
    }));
    new CountDownLatch(1).await();
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
  }

  private static String field(String json, String start, String end) {
    int s = json.indexOf(start);
    if (s < 0) {
      throw new IllegalArgumentException("no " + start + " in " + json);
    }
    s += start.length();
    int e = json.indexOf(end, s);
    return json.substring(s, e < 0 ? json.length() : e);
  }
}
