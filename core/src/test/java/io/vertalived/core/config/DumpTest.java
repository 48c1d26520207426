package io.vertalived.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -d}: the model as JSON, with secrets masked everywhere. */
class DumpTest {
  @TempDir
  Path dir;

  @Test
  void passwordsAreMaskedInTheDumpAndInToString() {
    var r = new Configs(dir).load("global_defs {\n smtp_password hunter2secret\n}\n"
        + Configs.instance(" authentication {\n auth_type PASS\n auth_pass s3cr3tpw\n }"));
    JsonObject json = (JsonObject) ModelJson.toJson(r.config());
    String text = json.encode();
    assertFalse(text.contains("s3cr3tpw"), text);
    assertFalse(text.contains("hunter2secret"), text);
    assertFalse(r.config().toString().contains("s3cr3tpw"));
    JsonObject vi = json.getJsonArray("vrrpInstances").getJsonObject(0);
    assertEquals("********", vi.getString("authPass"));
    assertEquals("PASS", vi.getString("authType"));
    assertEquals(51, vi.getInteger("virtualRouterId"));
    assertEquals("198.18.0.1", vi.getJsonArray("virtualIpAddresses").getJsonObject(0).getString("address"));
  }

  @Test
  void diagnosticsNeverEchoAPassword() {
    var r = new Configs(dir).load(Configs.instance(" authentication {\n auth_pass \"topsecret\n }"));
    String all = r.diagnostics().stream().map(d -> d.render()).reduce("", (a, b) -> a + b + "\n");
    assertFalse(all.contains("topsecret"), all);
    assertTrue(all.contains("Unterminated quote 'auth_pass ********'"), all);
  }
}
