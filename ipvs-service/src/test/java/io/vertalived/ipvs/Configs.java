package io.vertalived.ipvs;

import io.vertalived.core.config.ConfigLoader;
import io.vertalived.core.config.keywords.HostFacts;
import io.vertalived.core.config.model.KeepalivedConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** keepalived.conf text to the model, as the launcher reads it. */
public final class Configs {
  private Configs() {}

  public static KeepalivedConfig parse(String text) {
    try {
      Path f = Files.createTempFile("ipvs-test", ".conf");
      try {
        Files.writeString(f, text);
        var loaded = ConfigLoader.load(f, new ConfigLoader.Options("n1", false, HostFacts.fixed(Set.of(), Set.of(), "n1")));
        if (loaded.config() == null) {
          throw new IllegalArgumentException("configuration refused: " + loaded.diagnostics());
        }
        return loaded.config();
      } finally {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
