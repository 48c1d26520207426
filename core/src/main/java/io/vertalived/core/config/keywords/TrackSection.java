package io.vertalived.core.config.keywords;

import io.vertalived.core.config.model.TrackFile;
import io.vertalived.core.config.model.TrackProcess;
import io.vertalived.core.config.parse.Args;
import io.vertalived.core.config.parse.ConfigErrorCategory;
import io.vertalived.core.config.parse.KeywordTable;
import java.util.ArrayList;
import java.util.List;

/** {@code track_file NAME} (keepalived.conf(5) Track files) and {@code vrrp_track_process NAME} (keepalived.conf(5) VRRP track processes). */
final class TrackSection {
  private final VrrpSection section;
  private String name;
  private String file;
  private int weight;
  private boolean reverse;
  private Long initValue;
  private boolean overwrite;
  private String process;
  private final List<String> params = new ArrayList<>();
  private String paramMatch;
  private boolean fullCommand;
  private int quorum;
  private int quorumMax;
  private double forkDelay;
  private double terminateDelay;

  TrackSection(VrrpSection section) {
    this.section = section;
  }

  void openFile(Args a) {
    name = a.get(1);
    file = null;
    weight = 1;
    reverse = false;
    initValue = null;
    overwrite = false;
  }

  KeywordTable fileTable() {
    KeywordTable t = new KeywordTable();
    t.add("file", a -> file = a.get(1));
    t.add("weight", a -> {
      a.integer(1, -2147483647L, 2147483647L).ifPresent(v -> weight = (int) v);
      reverse = a.opt(2).filter("reverse"::equals).isPresent();
    });
    t.add("init_file", a -> {
      initValue = 0L;
      for (int i = 1; i < a.size(); i++) {
        if (a.get(i).equals("overwrite")) {
          overwrite = true;
        } else {
          a.integer(i, Integer.MIN_VALUE, Integer.MAX_VALUE).ifPresent(v -> initValue = v);
        }
      }
    });
    return t;
  }

  void closeFile() {
    if (file == null) {
      section.diag.error(ConfigErrorCategory.GENERAL_ERROR, "No file set for track_file " + name + " - removing");
      return;
    }
    section.trackFiles.put(name, new TrackFile(name, file, weight, reverse, initValue, overwrite));
  }

  void openProcess(Args a) {
    name = a.get(1);
    process = null;
    params.clear();
    paramMatch = "exact";
    fullCommand = false;
    weight = 0;
    reverse = false;
    quorum = 1;
    quorumMax = Integer.MAX_VALUE;
    forkDelay = 0;
    terminateDelay = 0;
  }

  KeywordTable processTable() {
    KeywordTable t = new KeywordTable();
    t.add("process", a -> {
      process = a.get(1);
      params.clear();
      params.addAll(a.words().subList(2, a.size()));
    });
    t.add("param_match", a -> {
      // keepalived: without a value, exact
      String v = a.opt(1).orElse("exact");
      if (v.equals("exact")) {
        paramMatch = v;
        return;
      }
      if (v.equals("initial") || v.equals("partial")) {
        paramMatch = v;
      } else {
        a.error("Invalid param_match value '" + v + "' for track_process " + name);
      }
    });
    t.add("full_command", a -> fullCommand = true);
    t.add("weight", a -> {
      if (a.missing("No weight specified for track process " + name + " - ignoring")) {
        return;
      }
      a.integer(1, -254, 254).ifPresent(v -> weight = (int) v);
      reverse = a.opt(2).filter("reverse"::equals).isPresent();
    });
    t.add("quorum", a -> a.integer(1, 0, Integer.MAX_VALUE).ifPresent(v -> quorum = (int) v));
    t.add("quorum_max", a -> a.integer(1, 0, Integer.MAX_VALUE).ifPresent(v -> quorumMax = (int) v));
    t.add("fork_delay", a -> a.decimal(1, 0, GlobalDefsKeywords.TIMER_MAX).ifPresent(v -> forkDelay = v));
    t.add("terminate_delay", a -> a.decimal(1, 0, GlobalDefsKeywords.TIMER_MAX).ifPresent(v -> terminateDelay = v));
    t.add("delay", a -> a.decimal(1, 0, GlobalDefsKeywords.TIMER_MAX).ifPresent(v -> {
      forkDelay = v;
      terminateDelay = v;
    }));
    return t;
  }

  void closeProcess() {
    if (process == null) {
      section.diag.error(ConfigErrorCategory.GENERAL_ERROR, "No process specified for track_process " + name + " - removing");
      return;
    }
    section.trackProcesses.put(name, new TrackProcess(name, process, params, paramMatch,
        fullCommand, weight, reverse, quorum, quorumMax, forkDelay, terminateDelay));
  }
}
