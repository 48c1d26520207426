package io.vertalived.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Makes keepalived.conf files out of a corpus file for differential fuzzing (issue [9/11]): one to
 * three mutations of its lines, chosen by a seeded {@link Random} so that a seed names a file
 * again — drop, duplicate, swap or truncate lines and blocks; a value replaced by another of its
 * family (number, address, word) or by an edge value (0, 256, -1, empty, a template placeholder,
 * typographic quotes, IPv6 where IPv4 was); a keyword's values dropped. {@code include} lines are
 * left as they are (a mutated one could read any file of the host). Pure.
 */
final class ConfigMutator {
  private static final String[] NUMBERS = {"0", "1", "2", "3", "5", "100", "255", "256", "-1", "65535", "65536",
      "4294967296", "0.5", "1.5", "abc", "<PORT>", "<PRIORITY>", "08", "0x10"};
  private static final String[] ADDRESSES = {"198.18.0.999", "<IPADDR>", "<VIP>", "2001:db8::1", "198.18.0.1/33",
      "198.18.0.1/24", "0.0.0.0", "255.255.255.255", "224.0.0.18", "198.18.0", "fe80::1", "198.18.0.1-5",
      "127.0.0.1", "198.18.1.1"};
  private static final String[] WORDS = {"<VALUE>", "\u201c/usr/bin/true\u201d", "\"/usr/bin/true\"", "on", "off",
      "true", "no", "MASTER", "BACKUP", "eth0", "eth1", "eth9", "lo", "TCP", "UDP", "NAT", "DR", "TUN", "rr",
      "wlc", "PASS", "AH", "VI_1", "VI_2", "chk", "{", "}", "!", "#", "\"\"", "\"a b\"", "@node1", "$X",
      "~SEQ(1,2,3)"};

  private final Random random;

  ConfigMutator(long seed) {
    this.random = new Random(seed);
  }

  /** A mutated copy of {@code lines}. */
  List<String> mutate(List<String> lines) {
    List<String> out = new ArrayList<>(lines);
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n && !out.isEmpty(); i++) {
      mutateOnce(out);
    }
    return out;
  }

  private void mutateOnce(List<String> out) {
    int at = random.nextInt(out.size());
    if (isInclude(out.get(at))) {
      return;
    }
    switch (random.nextInt(10)) {
      case 0 -> out.remove(at);
      case 1 -> out.add(at, out.get(at));
      case 2 -> {
        if (at + 1 < out.size() && !isInclude(out.get(at + 1))) {
          String l = out.get(at);
          out.set(at, out.get(at + 1));
          out.set(at + 1, l);
        }
      }
      case 3 -> {
        // truncate the file here (a paste cut short)
        while (out.size() > at + 1) {
          out.remove(out.size() - 1);
        }
      }
      case 4 -> dropBlock(out, at);
      case 5 -> out.set(at, dropValues(out.get(at)));
      default -> out.set(at, replaceValue(out.get(at)));
    }
  }

  private static boolean isInclude(String line) {
    return line.strip().startsWith("include");
  }

  /** The block that opens at or after {@code at}, to its closing brace, goes. */
  private void dropBlock(List<String> out, int at) {
    int start = -1;
    for (int i = at; i < out.size(); i++) {
      if (out.get(i).contains("{")) {
        start = i;
        break;
      }
    }
    if (start < 0) {
      return;
    }
    int depth = 0;
    int end = start;
    for (int i = start; i < out.size(); i++) {
      for (char c : out.get(i).toCharArray()) {
        depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      }
      end = i;
      if (depth <= 0) {
        break;
      }
    }
    for (int i = end; i >= start; i--) {
      if (isInclude(out.get(i))) {
        return;
      }
    }
    for (int i = end; i >= start; i--) {
      out.remove(i);
    }
  }

  /** The keyword alone (its values gone), indentation kept. */
  private static String dropValues(String line) {
    String indent = line.substring(0, line.length() - line.stripLeading().length());
    String[] words = line.strip().split("\\s+");
    if (words.length < 2 || words[0].equals("{") || words[0].equals("}")) {
      return line;
    }
    return indent + words[0] + (line.strip().endsWith("{") ? " {" : "");
  }

  /** One word after the keyword replaced by another of its family or an edge value. */
  private String replaceValue(String line) {
    String indent = line.substring(0, line.length() - line.stripLeading().length());
    String[] words = line.strip().split("\\s+");
    if (words.length == 0 || words[0].isEmpty()) {
      return line;
    }
    // a lone word (a VIP in its block, a script's name) is a value too
    int i = words.length == 1 ? 0 : 1 + random.nextInt(words.length - 1);
    String w = words[i];
    if (w.equals("{") || w.equals("}")) {
      return line;
    }
    String[] family = w.matches("-?[0-9]+(\\.[0-9]+)?") ? NUMBERS
        : w.matches("[0-9a-fA-F:.]+(/[0-9]+)?") && w.contains(".") || w.contains("::") ? ADDRESSES
        : WORDS;
    if (random.nextInt(4) == 0) {
      family = random.nextBoolean() ? NUMBERS : random.nextBoolean() ? ADDRESSES : WORDS;
    }
    words[i] = family[random.nextInt(family.length)];
    return indent + String.join(" ", words);
  }
}
