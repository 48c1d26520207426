import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway benchmark's SSE clients (java -cp vertalived.jar bench/gateway/SseClients.java ...):
 *
 * <pre>
 * live HOST PORT N OUT      N clients on /api/events?type=vrrp_transition; for every event each
 *                           receives, one line to OUT: client, journal id, state entered, arrival
 *                           (epoch microseconds), microseconds from the event's timestamp to its
 *                           arrival. Prints "connected N" once all are.
 * replay HOST PORT COUNT    one client from ?since=0: prints the milliseconds from the request to
 *                           the COUNT-th event, and the events per second.
 * </pre>
 */
public class SseClients {
  private record Arrival(int client, long at, String line) {}

  private static final java.util.List<Arrival> arrivals = new java.util.ArrayList<>();

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
  }

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String host = args[1];
    int port = Integer.parseInt(args[2]);
    Vertx vertx = Vertx.vertx();
    if (mode.equals("live")) {
      int n = Integer.parseInt(args[3]);
      BufferedWriter out = Files.newBufferedWriter(Path.of(args[4]), StandardCharsets.UTF_8);
      HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(n + 10));
      AtomicInteger connected = new AtomicInteger();
      for (int i = 0; i < n; i++) {
        int client = i;
        http.request(HttpMethod.GET, port, host, "/api/events?type=vrrp_transition").compose(req -> req.send())
            .onSuccess(resp -> {
              if (connected.incrementAndGet() == n) {
                System.out.println("connected " + n);
                System.out.flush();
              }
              // only the arrival time and the line are kept while events come: parsing waits for the end
              RecordParser lines = RecordParser.newDelimited("\n", line -> {
                if (line.length() > 6 && line.getByte(0) == 'd') {
                  long now = micros(Instant.now());
                  synchronized (arrivals) {
                    arrivals.add(new Arrival(client, now, line.toString(StandardCharsets.UTF_8)));
                  }
                }
              });
              resp.handler(lines);
            })
            .onFailure(e -> System.out.println("client " + client + " failed: " + e.getMessage()));
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        synchronized (arrivals) {
          try {
            for (Arrival a : arrivals) {
              JsonObject e = new JsonObject(a.line().substring(6));
              long at = micros(Instant.parse(e.getString("timestamp")));
              out.write(a.client() + " " + e.getLong("id") + " " + e.getString("to") + " " + a.at() + " " + (a.at() - at)
                  + "\n");
            }
            out.flush();
          } catch (java.io.IOException x) {
            // ending anyway
          }
        }
      }));
      new CountDownLatch(1).await();
    } else {
      int count = Integer.parseInt(args[3]);
      HttpClient http = vertx.createHttpClient();
      CountDownLatch done = new CountDownLatch(1);
      AtomicInteger seen = new AtomicInteger();
      long[] started = {System.nanoTime()};
      http.request(HttpMethod.GET, port, host, "/api/events?since=0").compose(req -> {
        started[0] = System.nanoTime();
        return req.send();
      }).onSuccess(resp -> resp.handler(RecordParser.newDelimited("\n", line -> {
        if (line.length() > 5 && line.getString(0, 5).equals("data:") && seen.incrementAndGet() == count) {
          double ms = (System.nanoTime() - started[0]) / 1e6;
          System.out.printf("replayed %d events in %.1f ms (%.0f events/s)%n", count, ms, count / (ms / 1000));
          done.countDown();
        }
      }))).onFailure(e -> {
        System.out.println("replay failed: " + e.getMessage());
        done.countDown();
      });
      done.await(120, TimeUnit.SECONDS);
      vertx.close();
      System.exit(0);
    }
  }
}
