package io.vertalived.core.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/event-bus.md shows the contract as the descriptors define it: its generated part is
 * {@link ContractDoc#markdown()}. With {@code -Dvertalived.updateDocs=true} the test rewrites it.
 */
class EventBusDocTest {
  private static final String BEGIN = "<!-- generated from Addresses.ALL by EventBusDocTest: do not edit below -->\n";
  private static final String END = "<!-- end of generated part -->";

  @Test
  void theDocumentedContractIsTheDescribedOne() throws Exception {
    Path doc = Path.of(System.getProperty("vertalived.docs", "../docs")).resolve("event-bus.md");
    String text = Files.readString(doc);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    assertTrue(begin >= 0 && end > begin, "docs/event-bus.md lost its generated-part markers");
    String generated = ContractDoc.markdown();
    String current = text.substring(begin + BEGIN.length(), end);
    if (Boolean.getBoolean("vertalived.updateDocs") && !current.equals(generated)) {
      Files.writeString(doc, text.substring(0, begin + BEGIN.length()) + generated + text.substring(end));
      current = generated;
    }
    assertEquals(generated, current, "docs/event-bus.md differs from Addresses.ALL: run EventBusDocTest with"
        + " -Dvertalived.updateDocs=true");
    for (BusAddress<?, ?> a : Addresses.ALL) {
      assertTrue(current.contains("`" + a.pattern() + "`"), a.pattern());
    }
  }
}
