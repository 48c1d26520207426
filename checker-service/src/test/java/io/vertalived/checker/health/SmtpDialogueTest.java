package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** SMTP_CHECK's conversation, byte by byte, with good and hostile servers. */
class SmtpDialogueTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void bannerHeloQuit() {
    SmtpDialogue d = new SmtpDialogue("smtpchecker.keepalived.org");
    assertInstanceOf(SmtpDialogue.Wait.class, d.received(b("220-mail.example ESMTP\r\n220 rea")));
    SmtpDialogue.Send helo = (SmtpDialogue.Send) d.received(b("dy\r\n"));
    assertEquals("HELO smtpchecker.keepalived.org\r\n", new String(helo.bytes(), StandardCharsets.US_ASCII));
    SmtpDialogue.Success ok = (SmtpDialogue.Success) d.received(b("250 mail.example\r\n"));
    assertEquals("QUIT\r\n", new String(ok.quit(), StandardCharsets.US_ASCII));
  }

  @Test
  void wrongCodesAndGarbageAreFailuresWithTheReason() {
    assertEquals("SMTP banner 554, not 220: '554 no service'",
        ((SmtpDialogue.Failure) new SmtpDialogue("h").received(b("554 no service\r\n"))).reason());
    SmtpDialogue d = new SmtpDialogue("h");
    d.received(b("220 ok\r\n"));
    assertEquals("SMTP HELO answered 501, not 250: '501 bad'", ((SmtpDialogue.Failure) d.received(b("501 bad\r\n"))).reason());
    assertEquals("not an SMTP reply: 'HTTP/1.1 400 Bad Request'",
        ((SmtpDialogue.Failure) new SmtpDialogue("h").received(b("HTTP/1.1 400 Bad Request\r\n"))).reason());
  }

  @Test
  void floodsAreBounded() {
    SmtpDialogue endless = new SmtpDialogue("h");
    SmtpDialogue.Step s = null;
    for (int i = 0; i < 100 && !(s instanceof SmtpDialogue.Failure); i++) {
      s = endless.received(b("220-more\r\n".repeat(100)));
    }
    assertEquals("SMTP server sent more than 16384 bytes without finishing its reply", ((SmtpDialogue.Failure) s).reason());
    assertEquals("SMTP reply line longer than 1024 bytes",
        ((SmtpDialogue.Failure) new SmtpDialogue("h").received(b("2".repeat(2000)))).reason());
  }
}
