package io.vertalived.launcher;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Properties;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The lab's receiver, run in a namespace of the test ({@code ip netns exec C java ... LabReceiver
 * ADDRESS HTTP_PORT SMTP_PORT OUT SECRET}): a webhook receiver (the JDK's HTTP server) that
 * checks signatures, and an SMTP server (subethasmtp), each message received written to OUT as
 * one JSON line with the time it arrived ({@code at}, epoch microseconds).
 */
public final class LabReceiver {
  private LabReceiver() {}

  private static synchronized void record(Path out, JsonObject line) {
    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      w.write(line.encode() + "\n");
    } catch (IOException e) {
      System.err.println("cannot record: " + e);
    }
  }

  private static long micros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }

  public static void main(String[] args) throws Exception {
    String address = args[0];
    Path out = Path.of(args[3]);
    String secret = args[4];
    HttpServer http = HttpServer.create(new InetSocketAddress(address, Integer.parseInt(args[1])), 64);
    http.createContext("/", ex -> {
      long at = micros();
      byte[] body = ex.getRequestBody().readAllBytes();
      String ts = ex.getRequestHeaders().getFirst("X-Vertalived-Timestamp");
      boolean signed = ts != null && io.vertalived.notifier.webhook.WebhookSignature.verify(secret, Long.parseLong(ts), body,
          ex.getRequestHeaders().getFirst("X-Vertalived-Signature"));
      record(out, new JsonObject().put("kind", "http").put("at", at).put("path", ex.getRequestURI().getPath())
          .put("key", ex.getRequestHeaders().getFirst("Idempotency-Key")).put("signed", signed)
          .put("body", new JsonObject(new String(body, StandardCharsets.UTF_8))));
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    http.start();
    SMTPServer smtp = SMTPServer.port(Integer.parseInt(args[2])).bindAddress(java.net.InetAddress.getByName(address))
        .simpleMessageListener(new org.subethamail.smtp.helper.SimpleMessageListener() {
          @Override
          public boolean accept(String from, String recipient) {
            return true;
          }

          @Override
          public void deliver(String from, String recipient, InputStream data) throws IOException {
            long at = micros();
            try {
              MimeMessage m = new MimeMessage(Session.getDefaultInstance(new Properties()), data);
              record(out, new JsonObject().put("kind", "smtp").put("at", at).put("from", from).put("to", recipient)
                  .put("subject", m.getSubject()).put("body", String.valueOf(m.getContent()).strip()));
            } catch (jakarta.mail.MessagingException e) {
              throw new IOException(e);
            }
          }
        }).build();
    smtp.start();
    System.out.println("listening on " + address + ": http " + args[1] + ", smtp " + args[2]);
    System.out.flush();
    Thread.currentThread().join();
  }
}
