package io.vertalived.core.config.parse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The lexical front end of keepalived.conf (keepalived.conf(5) PARAMETER SYNTAX and ADVANCED CONFIGURATION), modelled on keepalived's
 * {@code read_line()}: comments, quotes, {@code @id} conditionals, {@code $NAME} definitions
 * (multi-line too), {@code ~SEQ}/{@code ~LST} generators, {@code include} with globs relative
 * to the including file, and braces split onto lines of their own. It yields every logical line
 * of the whole configuration, each with its file and line.
 *
 * <p>Bytes are read as ISO-8859-1 so that any input, including invalid UTF-8 and binary data,
 * maps one byte to one char; words are decoded back to UTF-8 where they are valid.
 */
public final class ConfigReader {
  /** keepalived's MAXBUF: a physical line is at most 1024 bytes including its newline. */
  public static final int MAX_LINE = 1024;
  private static final int MAX_INCLUDE_DEPTH = 32;
  private static final int MAX_EXPANSIONS = 100_000;

  private final Diagnostics diag;
  private final String configId;
  private final boolean allConfig;
  private final Random random = new Random();
  private final Map<String, Definition> defs = new HashMap<>();
  private final List<LogicalLine> out = new ArrayList<>();
  private final Deque<Path> includeStack = new ArrayDeque<>();
  private final List<Path> filesRead = new ArrayList<>();
  private final List<String> fileNames = new ArrayList<>();
  private Definition multilineDef;
  private int blockDepth;
  private int expansions;
  private SourceLocation loc;
  private Path currentDir;

  private record Definition(String value, boolean multiline) {}

  public ConfigReader(Diagnostics diag, String configId, boolean allConfig) {
    this.diag = diag;
    this.configId = configId;
    this.allConfig = allConfig;
  }

  /** Reads the main file and everything it includes. */
  public List<LogicalLine> read(Path mainFile) {
    // the main file (which may itself be a glob, as keepalived allows) is relative to the cwd
    includeFiles(mainFile.toString(), Path.of("").toAbsolutePath(), true);
    if (blockDepth > 0) {
      diag.at(null);
      diag.unlocated(ConfigErrorCategory.MISSING_EOB,
          "There are " + blockDepth + " missing '}'s or extra '{'s");
    }
    return out;
  }

  /** Every file that was read, main file first. */
  public List<Path> filesRead() {
    return filesRead;
  }

  /** The names diagnostics use for {@link #filesRead()}, in the same order. */
  public List<String> fileNames() {
    return fileNames;
  }

  private void includeFiles(String pattern, Path baseDir, boolean mainFile) {
    List<Path> matches = GlobExpander.expand(pattern, baseDir);
    int read = 0;
    for (Path file : matches) {
      if (Files.isDirectory(file)) {
        continue;
      }
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        info("Configuration file '" + file + "' is not a readable regular file - skipping");
        continue;
      }
      readFile(file, displayName(file, pattern, baseDir, mainFile));
      read++;
    }
    if (read == 0) {
      if (mainFile) {
        diag.at(null);
        diag.unlocated(ConfigErrorCategory.FILE_NOT_FOUND,
            "Configuration file '" + pattern + "' not found or not readable");
      } else if (allConfig) {
        diag.error(ConfigErrorCategory.FATAL, "Config files missing '" + pattern + "'.");
      } else {
        diag.error(ConfigErrorCategory.NOTICE, "Config files missing '" + pattern + "'.");
      }
    }
  }

  /** The name keepalived prints: the main file as given, includes as their glob matched. */
  private static String displayName(Path file, String pattern, Path baseDir, boolean mainFile) {
    if (mainFile || pattern.startsWith("/")) {
      return mainFile ? pattern : file.toString();
    }
    try {
      return baseDir.relativize(file).toString();
    } catch (IllegalArgumentException e) {
      return file.toString();
    }
  }

  private void readFile(Path file, String name) {
    Path real;
    try {
      real = file.toRealPath();
    } catch (IOException e) {
      real = file.toAbsolutePath().normalize();
    }
    if (includeStack.contains(real) || includeStack.size() >= MAX_INCLUDE_DEPTH) {
      diag.error(ConfigErrorCategory.GENERAL_ERROR,
          "include loop: '" + file + "' is already being read - ignoring");
      return;
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException | OutOfMemoryError e) {
      diag.error(ConfigErrorCategory.GENERAL_ERROR,
          "Configuration file '" + file + "' cannot be read (" + e.getMessage() + ") - skipping");
      return;
    }
    filesRead.add(file);
    fileNames.add(name);
    SourceLocation savedLoc = loc;
    Path savedDir = currentDir;
    includeStack.push(real);
    currentDir = file.toAbsolutePath().getParent();
    try {
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      int lineNo = 0;
      int start = 0;
      while (start < text.length()) {
        int nl = text.indexOf('\n', start);
        int end = nl < 0 ? text.length() : nl;
        lineNo++;
        loc = new SourceLocation(name, lineNo);
        diag.at(loc);
        physicalLine(text.substring(start, end), end - start + (nl < 0 ? 0 : 1));
        start = end + 1;
      }
      multilineDef = null;
    } finally {
      includeStack.pop();
      loc = savedLoc;
      currentDir = savedDir;
      diag.at(loc);
    }
  }

  private void physicalLine(String raw, int byteLength) {
    if (byteLength > MAX_LINE) {
      diag.error(ConfigErrorCategory.GENERAL_ERROR, "line too long - ignoring");
      return;
    }
    String line = stripEol(raw);
    if (line.isEmpty()) {
      if (multilineDef != null) {
        endMultiline();
      }
      return;
    }
    line = decomment(line);
    if (multilineDef != null) {
      continueMultiline(line);
      return;
    }
    if (!line.isEmpty()) {
      statement(line, 0);
    }
  }

  private static String stripEol(String s) {
    int len = s.length();
    while (len > 0 && (s.charAt(len - 1) == '\n' || s.charAt(len - 1) == '\r')) {
      len--;
    }
    return s.substring(0, len);
  }

  /**
   * Removes comments ({@code #} or {@code !} outside double quotes; {@code \#} and {@code \!}
   * escape them), leading and trailing blanks; a trailing backslash is kept (keepalived.conf(5) PARAMETER SYNTAX).
   */
  String decomment(String s) {
    StringBuilder b = new StringBuilder(s.strip().isEmpty() ? "" : stripLeading(s));
    boolean quote = false;
    boolean cont = false;
    int skip = -1;
    int i = 0;
    while (i < b.length()) {
      char c = b.charAt(i);
      if (c == '"') {
        if (skip < 0) {
          quote = !quote;
        }
      } else if (c == '\\') {
        if (i + 1 < b.length()) {
          if (!quote && (b.charAt(i + 1) == '#' || b.charAt(i + 1) == '!')) {
            b.deleteCharAt(i);
            i++;
          } else {
            i += 2;
          }
          continue;
        }
        b.setLength(i);
        cont = true;
        break;
      } else if (!quote && skip < 0 && (c == '!' || c == '#')) {
        skip = i;
      }
      i++;
    }
    if (quote) {
      diag.error(ConfigErrorCategory.GENERAL_ERROR, "Unterminated quote '" + maskSecret(b.toString()) + "'");
    }
    if (skip >= 0 && skip < b.length()) {
      b.setLength(skip);
    }
    int len = b.length();
    while (len > 0 && (b.charAt(len - 1) == ' ' || b.charAt(len - 1) == '\t')) {
      len--;
    }
    b.setLength(len);
    if (cont) {
      b.append('\\');
    }
    return b.toString();
  }

  private static final java.util.Set<String> SECRET_KEYWORDS =
      java.util.Set.of("auth_pass", "smtp_password", "password");

  /** A line that sets a password is echoed as {@code KEYWORD ********}. */
  static String maskSecret(String line) {
    String t = stripLeading(line);
    int end = 0;
    while (end < t.length() && t.charAt(end) != ' ' && t.charAt(end) != '\t') {
      end++;
    }
    return SECRET_KEYWORDS.contains(t.substring(0, end)) ? t.substring(0, end) + " ********" : line;
  }

  private static String stripLeading(String s) {
    int i = 0;
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return s.substring(i);
  }

  // ---- $NAME= definitions (keepalived.conf(5) ADVANCED CONFIGURATION) ----

  private boolean tryDefinition(String line) {
    if (line.length() < 2 || line.charAt(0) != '$') {
      return false;
    }
    char c1 = line.charAt(1);
    if (!Character.isLetter(c1) && c1 != '_') {
      return false;
    }
    int p = 2;
    while (p < line.length() && line.charAt(p) != '=') {
      char c = line.charAt(p);
      if (!isNameChar(c)) {
        return false;
      }
      p++;
    }
    if (p >= line.length()) {
      return false;
    }
    String name = line.substring(1, p);
    String value = stripLeading(line.substring(p + 1));
    if (value.endsWith("\\")) {
      String first = value.substring(0, value.length() - 1).stripTrailing();
      Definition def = new Definition(first.isEmpty() ? "" : first + "\n", true);
      defs.put(name, def);
      multilineDef = def;
      multilineName = name;
    } else {
      defs.put(name, new Definition(value, false));
    }
    return true;
  }

  private String multilineName;

  private void continueMultiline(String line) {
    Definition def = multilineDef;
    String value = def.value();
    boolean more = line.endsWith("\\");
    if (more) {
      String body = line.substring(0, line.length() - 1).stripTrailing();
      if (!body.isEmpty()) {
        value += body + "\n";
      }
    } else if (!line.isEmpty()) {
      value += line;
    }
    Definition updated = new Definition(value, true);
    defs.put(multilineName, updated);
    multilineDef = more ? updated : null;
    if (!more) {
      endMultiline();
    }
  }

  private void endMultiline() {
    Definition def = defs.get(multilineName);
    if (def != null) {
      String v = def.value();
      while (v.endsWith("\n")) {
        v = v.substring(0, v.length() - 1);
      }
      defs.put(multilineName, new Definition(v, !v.isEmpty()));
    }
    multilineDef = null;
  }

  private static boolean isNameChar(char c) {
    return (c < 128 && Character.isLetterOrDigit(c)) || c == '_';
  }

  // ---- one statement: conditionals, definitions, generators, substitution, include ----

  private void statement(String line, int depth) {
    // only lines made by expansion count: a configuration may have any number of its own lines
    if (depth > 0 && ++expansions > MAX_EXPANSIONS || depth > 64) {
      if (expansions == MAX_EXPANSIONS + 1 || depth == 65) {
        diag.error(ConfigErrorCategory.GENERAL_ERROR,
            "too many expansions of definitions or generators - ignoring the rest");
      }
      return;
    }
    String buf = line;
    boolean recheck;
    do {
      recheck = false;
      if (buf.startsWith("@")) {
        buf = conditional(buf);
        if (buf.isEmpty()) {
          return;
        }
      }
      if (buf.startsWith("$") && tryDefinition(buf)) {
        return;
      }
      if (buf.startsWith("~SEQ")) {
        Generators.sequence(buf, diag).ifPresent(g -> g.forEach(this::define, rest -> statement(rest, depth + 1)));
        return;
      }
      if (buf.startsWith("~LST")) {
        Generators.list(buf, diag).ifPresent(g -> g.forEach(this::define, rest -> statement(rest, depth + 1)));
        return;
      }
      if (buf.startsWith("~")) {
        break;
      }
      if (buf.indexOf('$') >= 0) {
        Substitution s = substitute(buf);
        if (s == null) {
          break;
        }
        buf = s.line();
        if (!s.followingLines().isEmpty()) {
          handleLine(buf, depth);
          for (String next : s.followingLines()) {
            if (!next.isEmpty()) {
              statement(next, depth + 1);
            }
          }
          return;
        }
        if (buf.startsWith("@") || buf.indexOf('$') >= 0) {
          recheck = true;
        }
      }
    } while (recheck);
    handleLine(buf, depth);
  }

  private void define(String name, String value) {
    defs.put(name, new Definition(value, false));
  }

  private void handleLine(String buf, int depth) {
    if (buf.isEmpty()) {
      return;
    }
    if (isInclude(buf)) {
      return;
    }
    splitBraces(buf, depth);
  }

  private String conditional(String buf) {
    boolean reverse = buf.startsWith("@^");
    int ofs = reverse ? 2 : 1;
    int space = indexOfBlank(buf, ofs);
    if (space < 0) {
      return "";
    }
    String id = buf.substring(ofs, space);
    boolean matches = configId != null && configId.equals(id);
    if (matches == reverse) {
      return "";
    }
    return stripLeading(buf.substring(space));
  }

  private static int indexOfBlank(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
        return i;
      }
    }
    return -1;
  }

  private record Substitution(String line, List<String> followingLines) {}

  /** keepalived's replace_param: returns null if no definition was used. */
  private Substitution substitute(String buf) {
    StringBuilder b = new StringBuilder(buf);
    List<String> following = new ArrayList<>();
    boolean found = false;
    int pos = 0;
    int rounds = 0;
    while ((pos = b.indexOf("$", pos)) >= 0 && pos + 1 < b.length()) {
      if (++rounds > 1000 || b.length() > 64 * MAX_LINE) {
        diag.error(ConfigErrorCategory.GENERAL_ERROR,
            "Parameter substitution on line '" + buf + "' would exceed maximum line length");
        return null;
      }
      Match m = findDefinition(b, pos + 1);
      if (m == null) {
        pos++;
        continue;
      }
      found = true;
      String value = m.value;
      if (m.multiline) {
        String[] lines = value.split("\n", -1);
        value = lines[0];
        following.clear();
        for (int i = 1; i < lines.length; i++) {
          following.add(lines[i]);
        }
      }
      b.replace(pos, m.end, value);
      if (stripLeading(value).startsWith("~")) {
        break;
      }
    }
    return found ? new Substitution(b.toString(), following) : null;
  }

  private record Match(String value, boolean multiline, int end) {}

  private Match findDefinition(CharSequence s, int at) {
    boolean braces = at < s.length() && s.charAt(at) == '{';
    int nameStart = braces ? at + 1 : at;
    if (nameStart >= s.length()) {
      return null;
    }
    char c0 = s.charAt(nameStart);
    if (!(c0 < 128 && Character.isLetter(c0)) && c0 != '_') {
      return null;
    }
    int p = nameStart + 1;
    while (p < s.length() && isNameChar(s.charAt(p))) {
      p++;
    }
    String name = s.subSequence(nameStart, p).toString();
    String params = null;
    int end;
    if (braces) {
      int q = p;
      while (q < s.length() && s.charAt(q) != '}') {
        q++;
      }
      if (q >= s.length()) {
        return null;
      }
      if (q > p) {
        params = s.subSequence(p, q).toString().strip();
        if (!s.subSequence(p, q).toString().startsWith(" ") && !params.isEmpty()) {
          return null;
        }
      }
      end = q + 1;
    } else {
      if (p < s.length()) {
        char c = s.charAt(p);
        if (c != ' ' && c != '\t' && c != ',' && c != ')') {
          return null;
        }
      }
      end = p;
    }
    boolean allowMultiline = end == s.length();
    String value = builtin(name, params);
    if (value != null) {
      return new Match(value, false, end);
    }
    if (params != null) {
      return null;
    }
    Definition def = defs.get(name);
    if (def == null || (def.multiline() && !allowMultiline)) {
      return null;
    }
    return new Match(def.value(), def.multiline(), end);
  }

  private String builtin(String name, String params) {
    if (defs.containsKey(name)) {
      return null;
    }
    switch (name) {
      case "_PWD":
        return currentDir == null ? "" : currentDir.toString();
      case "_INSTANCE":
        return configId == null ? "" : configId;
      case "_HASH":
        return "#";
      case "_BANG":
        return "!";
      case "_RANDOM": {
        long min = 0;
        long max = 32767;
        if (params != null && !params.isEmpty()) {
          String[] p = params.trim().split("\\s+");
          try {
            min = Long.parseLong(p[0]);
            if (p.length > 1) {
              max = Long.parseLong(p[1]);
            }
          } catch (NumberFormatException e) {
            return null;
          }
        }
        if (max < min) {
          return Long.toString(min);
        }
        return Long.toString(min + (long) (random.nextDouble() * (max - min + 1)));
      }
      case "_ENV": {
        if (params == null || params.isEmpty()) {
          return null;
        }
        String v = System.getenv(params.trim());
        return v == null ? "" : v;
      }
      default:
        return null;
    }
  }

  // ---- include ----

  private boolean isInclude(String buf) {
    if (!buf.contains("include")) {
      return false;
    }
    List<String> words = Tokenizer.split(buf);
    if (words.size() != 2 || !words.get(0).equals("include")) {
      return false;
    }
    Path base = currentDir == null ? Path.of("").toAbsolutePath() : currentDir;
    includeFiles(words.get(1), base, false);
    diag.at(loc);
    return true;
  }

  // ---- braces: "a { b }" is read as the lines "a", "{", "b", "}" ----

  private void splitBraces(String buf, int depth) {
    String line = buf;
    String residue = null;
    int p = findBrace(line);
    if (p >= 0) {
      int skip = p == 0 ? 1 + countBlanks(line, 1) : 0;
      if (skip < line.length()) {
        residue = line.substring(p + skip).stripTrailing();
        line = line.substring(0, p + skip);
        if (residue.isEmpty()) {
          residue = null;
        }
      }
    }
    line = line.stripTrailing();
    if (!line.isEmpty()) {
      emit(line);
    }
    if (residue != null) {
      statement(residue, depth); // the rest of the same line, not an expansion
    }
  }

  private static int findBrace(String s) {
    if (s.startsWith("{") || s.startsWith("}")) {
      return 0;
    }
    boolean quote = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        quote = !quote;
      } else if (!quote && (c == '{' || c == '}')) {
        return i;
      }
    }
    return -1;
  }

  private static int countBlanks(String s, int from) {
    int i = from;
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i - from;
  }

  private void emit(String line) {
    if (line.equals("{")) {
      blockDepth++;
    } else if (line.equals("}")) {
      if (blockDepth-- < 1) {
        diag.error(ConfigErrorCategory.UNEXPECTED_EOB, "Extra '}' found");
        blockDepth = 0;
      }
    }
    List<String> words = Tokenizer.split(line);
    if (Tokenizer.unmatchedQuote(line) && !words.isEmpty()) {
      // as keepalived's line splitter: the word with the open quote is dropped
      diag.error(ConfigErrorCategory.GENERAL_ERROR, "Unmatched quote: '" + maskSecret(line) + "'");
      words = words.subList(0, words.size() - 1);
    }
    if (words.isEmpty()) {
      return;
    }
    List<String> decoded = new ArrayList<>(words.size());
    for (String w : words) {
      decoded.add(Utf8.decode(w));
    }
    out.add(new LogicalLine(loc, decoded, line));
  }

  private void info(String message) {
    // informational only, as keepalived's log_message: not a configuration error
  }
}
