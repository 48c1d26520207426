package io.vertalived.core.config.model;

import java.util.List;

/**
 * A script keepalived runs (notify, vrrp_script, MISC_CHECK, ...): exec'd without a shell, with
 * the argv split as keepalived splits it (keepalived.conf(5) PARAMETER SYNTAX), as {@code user}/{@code group} if given.
 */
public record ScriptCommand(String command, List<String> argv, String user, String group) {
  public ScriptCommand {
    argv = List.copyOf(argv);
  }

  /**
   * keepalived's argument splitting of a script string: words separated by blanks, and
   * single or double quotes group one argument containing spaces.
   */
  /** The program the command runs (its first word), what keepalived looks for on the host. */
  public String program() {
    return argv.isEmpty() ? command : argv.get(0);
  }

  public static ScriptCommand parse(String command, String user, String group) {
    java.util.ArrayList<String> argv = new java.util.ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        if (word == null) {
          word = new StringBuilder();
        }
      } else if (c == '\\' && i + 1 < command.length()) {
        if (word == null) {
          word = new StringBuilder();
        }
        word.append(command.charAt(++i));
      } else if (c == ' ' || c == '\t') {
        if (word != null) {
          argv.add(word.toString());
          word = null;
        }
      } else {
        if (word == null) {
          word = new StringBuilder();
        }
        word.append(c);
      }
    }
    if (word != null) {
      argv.add(word.toString());
    }
    return new ScriptCommand(command, argv, user, group);
  }
}
