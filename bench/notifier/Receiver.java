import com.sun.net.httpserver.HttpServer;
import java.io.BufferedWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's webhook receiver (JDK only; java bench/notifier/Receiver.java ADDRESS PORT OUT):
 * answers 204 at once and writes one line per request: arrival time in epoch microseconds, path,
 * the body's "id", "instance" and "to".
 */
public class Receiver {
  private static final Pattern FIELD = Pattern.compile("\"(id|instance|to)\":\"?([^\",}]*)");

  public static void main(String[] args) throws Exception {
    BufferedWriter out = Files.newBufferedWriter(Path.of(args[2]), StandardCharsets.UTF_8);
    HttpServer s = HttpServer.create(new InetSocketAddress(args[0], Integer.parseInt(args[1])), 256);
    s.setExecutor(Executors.newFixedThreadPool(8));
    s.createContext("/", ex -> {
      Instant now = Instant.now();
      long at = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      ex.sendResponseHeaders(204, -1);
      ex.close();
      StringBuilder line = new StringBuilder().append(at).append(' ').append(ex.getRequestURI().getPath());
      Matcher m = FIELD.matcher(body);
      while (m.find()) {
        line.append(' ').append(m.group(1)).append('=').append(m.group(2));
      }
      synchronized (out) {
        out.write(line.append('\n').toString());
        out.flush();
      }
    });
    s.start();
    System.out.println("receiver listening on " + args[0] + ":" + args[1]);
  }
}
