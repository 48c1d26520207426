package io.vertalived.core.config.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns a word read byte-for-byte (ISO-8859-1) back into UTF-8 text when it is valid UTF-8;
 * otherwise the bytes above 0x7f are written as {@code \xHH} so that no invalid text leaves
 * the parser.
 */
final class Utf8 {
  private Utf8() {}

  static String decode(String latin1) {
    boolean ascii = true;
    for (int i = 0; i < latin1.length(); i++) {
      if (latin1.charAt(i) > 127) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return latin1;
    }
    byte[] bytes = latin1.getBytes(StandardCharsets.ISO_8859_1);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      StringBuilder b = new StringBuilder();
      for (byte x : bytes) {
        int v = x & 0xff;
        if (v < 0x80) {
          b.append((char) v);
        } else {
          b.append(String.format("\\x%02x", v));
        }
      }
      return b.toString();
    }
  }
}
