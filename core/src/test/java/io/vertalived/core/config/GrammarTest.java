package io.vertalived.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.config.model.VirtualAddress;
import io.vertalived.core.config.model.VrrpInstance;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lexical grammar of keepalived.conf(5) PARAMETER SYNTAX and ADVANCED CONFIGURATION, one feature per test. */
class GrammarTest {
  @TempDir
  Path dir;

  private Configs configs() {
    return new Configs(dir);
  }

  private VrrpInstance only(ConfigLoader.Result r) {
    assertEquals(1, r.config().vrrpInstances().size(), () -> r.diagnostics().toString());
    return r.config().vrrpInstances().get(0);
  }

  private static List<String> vips(VrrpInstance vi) {
    return vi.virtualIpAddresses().stream().map(VirtualAddress::cidr).toList();
  }

  @Test
  void hashAndBangStartCommentsAnywhereButNotInsideDoubleQuotes() {
    var r = configs().load("""
        # comment
        global_defs { ! comment after brace
          router_id "a#b!c"   # trailing
          smtp_helo_name x\\#y ! escaped hash is kept
        }
        """);
    assertEquals(0, r.exitCode(), r.diagnostics().toString());
    assertEquals("a#b!c", r.config().global().routerId());
    assertEquals("x#y", r.config().global().smtpHeloName());
  }

  @Test
  void quotesGroupWordsAndEscapesAreDecoded() {
    var r = configs().load("global_defs {\n router_id 'two words'\n notification_email_from \"tab\\there\\x41\"\n}\n");
    assertEquals("two words", r.config().global().routerId());
    assertEquals("tab\thereA", r.config().global().notificationEmailFrom());
  }

  @Test
  void bracesAreTokensOfTheirOwnSoOneLineBlocksWork() {
    var r = configs().load("vrrp_instance VI_1 { interface eth0\n virtual_router_id 9 }\n"
        + "vrrp_instance VI_2 {\n interface eth0\n virtual_router_id 10\n"
        + " virtual_ipaddress { 198.18.0.1/24 }\n}\n");
    assertEquals(2, r.config().vrrpInstances().size());
    assertEquals(List.of("198.18.0.1/24"), vips(r.config().vrrpInstances().get(1)));
  }

  @Test
  void openingBraceMayStandOnTheNextLine() {
    var r = configs().load("vrrp_instance VI_1\n{\n interface eth0\n virtual_router_id 9\n"
        + " virtual_ipaddress\n {\n 198.18.0.2\n }\n}\n");
    assertEquals(0, r.exitCode(), r.diagnostics().toString());
    assertEquals(List.of("198.18.0.2/32"), vips(only(r)));
  }

  @Test
  void onlyTheFirstWordOfAListLineIsAnEntry() {
    var r = configs().load(Configs.instance(" virtual_ipaddress_excluded { 198.18.0.10/24 198.18.0.11 }"));
    assertEquals(Set.of(7), Configs.lines(r));
    assertTrue(Configs.messages(r).contains("Unknown configuration entry '198.18.0.11' for ip address - ignoring"));
  }

  @Test
  void unknownKeywordIsReportedAndParsingGoesOn() {
    var r = configs().load(Configs.instance(" bogus 1\n priority 120"));
    assertEquals(Set.of(7), Configs.lines(r));
    assertEquals(5, r.exitCode());
    assertEquals(120, only(r).priority());
  }

  @Test
  void unknownBlockMakesItsBraceUnexpectedAndItsCloseEndsTheEnclosingBlock() {
    var r = configs().load("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 9\n"
        + " frob {\n  priority 50\n }\n priority 60\n}\n");
    // keepalived: line 4 unknown + unexpected '{', line 5 parsed inside VI_1, line 6 closes
    // VI_1, line 7 and 8 are then at top level
    assertEquals(Set.of(4, 7, 8), Configs.lines(r));
    assertEquals(50, only(r).priority());
  }

  @Test
  void extraClosingBraceIsFound() {
    var r = configs().load("global_defs {\n router_id a\n}\n}\n");
    assertTrue(Configs.messages(r).contains("Extra '}' found"));
    assertEquals(Set.of(4), Configs.lines(r));
  }

  @Test
  void missingClosingBraceIsCountedAtTheEnd() {
    var r = configs().load("global_defs {\n router_id a\n");
    assertTrue(Configs.messages(r).contains("There are 1 missing '}'s or extra '{'s"));
    assertEquals(5, r.exitCode());
  }

  @Test
  void blockKeywordWithoutBraceReadsTheLinesThatFollowAsItsBlock() {
    // keepalived's VRRP process: the handler ran, the lines after it are the instance's; its
    // parent and checker passes, which skip vrrp_instance, call them unknown keywords
    var r = configs().load("vrrp_instance VI_2\n interface eth0\n virtual_router_id 52\n");
    assertEquals(Set.of(2, 3), Configs.lines(r));
    assertTrue(Configs.messages(r).contains("Missing '{' at beginning of configuration block"), Configs.messages(r).toString());
    assertEquals(52, only(r).virtualRouterId());
    assertEquals("eth0", only(r).interfaceName());
  }

  @Test
  void trailingBackslashOutsideADefinitionIsPartOfTheWord() {
    var r = configs().load(Configs.instance(" advert_int \\"));
    assertTrue(Configs.messages(r).contains("Unknown keyword 'advert_int\\'"), Configs.messages(r).toString());
  }

  @Test
  void conditionalLinesFollowTheConfigId() {
    var r = configs().load(Configs.instance("@node1 priority 200\n@^node1 priority 10\n@node2 priority 30"));
    assertEquals(200, only(r).priority());
    assertEquals(0, r.exitCode());
  }

  @Test
  void definitionsAreSubstitutedWithAndWithoutBraces() {
    var r = configs().load("$IF=eth0\n$ID=42\nvrrp_instance VI_1 {\n interface $IF\n"
        + " virtual_router_id ${ID}\n virtual_ipaddress {\n 198.18.0.${ID}\n }\n $NOPE 1\n}\n");
    VrrpInstance vi = r.config().vrrpInstances().get(0);
    assertEquals("eth0", vi.interfaceName());
    assertEquals(42, vi.virtualRouterId());
    assertEquals(List.of("198.18.0.42/32"), vips(vi));
    assertTrue(Configs.messages(r).contains("Unknown keyword '$NOPE'"));
  }

  @Test
  void definitionsAreLateAndRecursive() {
    var r = configs().load("$A=${B}\n$B=77\n" + Configs.instance(" priority $A"));
    assertEquals(77, only(r).priority());
  }

  @Test
  void multiLineDefinitionExpandsToSeveralLines() {
    var r = configs().load("$VIPS= \\\n 198.18.1.1 \\\n 198.18.1.2\n"
        + "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 9\n virtual_ipaddress {\n $VIPS\n }\n}\n");
    assertEquals(List.of("198.18.1.1/32", "198.18.1.2/32"), vips(only(r)));
  }

  @Test
  void seqGeneratesLinesWithDefaultsStepsAndHex() {
    var r = configs().load("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 9\n"
        + " virtual_ipaddress {\n~SEQ(I,3) 198.18.2.${I}\n~SEQ(J,10,5,20) 198.18.3.${J}\n"
        + "~SEQx(H,9,11) 2001:db8::${H}\n }\n}\n");
    assertEquals(List.of("198.18.2.1/32", "198.18.2.2/32", "198.18.2.3/32", "198.18.3.10/32",
        "198.18.3.15/32", "198.18.3.20/32"), vips(only(r)).subList(0, 6));
    assertTrue(Configs.messages(r).stream().anyMatch(m -> m.contains("address family must match")));
  }

  @Test
  void nestedSeqRunsOuterFirst() {
    var r = configs().load("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 9\n"
        + " virtual_ipaddress {\n~SEQ(A,1,2) ~SEQ(B,1,2) 198.18.${A}.${B}\n }\n}\n");
    assertEquals(List.of("198.18.1.1/32", "198.18.1.2/32", "198.18.2.1/32", "198.18.2.2/32"), vips(only(r)));
  }

  @Test
  void lstGeneratesOneLinePerValueAndPerTuple() {
    var r = configs().load("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 9\n"
        + " virtual_ipaddress {\n~LST(V, 198.18.4.1, 198.18.4.2) ${V}\n"
        + "~LST({N,P},{5,24},{6,25}) 198.18.4.${N}/${P}\n }\n}\n");
    assertEquals(List.of("198.18.4.1/32", "198.18.4.2/32", "198.18.4.5/24", "198.18.4.6/25"), vips(only(r)));
  }

  @Test
  void aConfigurationOfItsOwnLinesHasNoSizeLimit() {
    StringBuilder b = new StringBuilder("virtual_server 198.18.0.100 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n");
    for (int i = 0; i < 30_000; i++) {
      b.append(" real_server 127.1.").append(i / 250).append('.').append(i % 250 + 1)
          .append(" 8080 { TCP_CHECK { connect_timeout 1 } }\n");
    }
    var r = configs().load(b.append("}\n").toString());
    assertEquals(30_000, r.config().virtualServers().get(0).realServers().size());
    assertEquals(0, r.exitCode(), Configs.messages(r).toString());
  }

  @Test
  void generatorsThatExpandWithoutEndAreCut() {
    var r = configs().load("~SEQ(A,1,1000) ~SEQ(B,1,1000) # ${A} ${B}\n");
    assertTrue(Configs.messages(r).stream().anyMatch(m -> m.startsWith("too many expansions")));
  }

  @Test
  void invalidSeqIsReported() {
    var r = configs().load("~SEQ(I) foo\n");
    assertTrue(Configs.messages(r).stream().anyMatch(m -> m.startsWith("Invalid ~SEQ definition")));
  }

  @Test
  void includeGlobIsRelativeToTheIncludingFile() {
    Configs c = configs();
    c.write("sub/parts/a.conf", "vrrp_instance VI_A {\n interface eth0\n virtual_router_id 1\n virtual_ipaddress {\n 198.18.5.1\n }\n}\n");
    c.write("sub/parts/b.conf", "vrrp_instance VI_B {\n interface eth0\n virtual_router_id 2\n virtual_ipaddress {\n 198.18.5.2\n }\n}\n");
    c.write("sub/parts/c.txt", "garbage\n");
    Path main = c.write("sub/main.conf", "include parts/*.conf\n");
    var r = ConfigLoader.load(main, Configs.OPTIONS);
    assertEquals(List.of("VI_A", "VI_B"), r.config().vrrpInstances().stream().map(VrrpInstance::name).toList());
    assertEquals(0, r.exitCode());
  }

  @Test
  void includeBraceExpansion() {
    Configs c = configs();
    c.write("x.conf", "global_defs {\n router_id X\n}\n");
    c.write("y.conf", "global_defs {\n smtp_helo_name Y\n}\n");
    var r = ConfigLoader.load(c.write("m.conf", "include {x,y}.conf\n"), Configs.OPTIONS);
    assertEquals("X", r.config().global().routerId());
    assertEquals("Y", r.config().global().smtpHeloName());
  }

  @Test
  void errorsInIncludedFilesNameThatFileAndItsLine() {
    Configs c = configs();
    c.write("inc/bad.conf", "global_defs {\n\n bogus 1\n}\n");
    var r = ConfigLoader.load(c.write("m.conf", "include inc/bad.conf\n"), Configs.OPTIONS);
    assertEquals("(inc/bad.conf: Line 3) Unknown keyword 'bogus'", r.diagnostics().get(0).render());
  }

  @Test
  void missingIncludeIsANoticeAndAFatalErrorWithAllConfig() {
    Configs c = configs();
    Path main = c.write("m.conf", "include /nonexistent/vertalived/*.conf\n");
    assertEquals(0, ConfigLoader.load(main, Configs.OPTIONS).exitCode());
    var strict = new ConfigLoader.Options("node1", true, Configs.HOST);
    assertEquals(4, ConfigLoader.load(main, strict).exitCode());
  }

  @Test
  void includeLoopIsReportedInsteadOfRecursingForever() {
    Configs c = configs();
    c.write("a.conf", "include b.conf\n");
    c.write("b.conf", "include a.conf\nglobal_defs {\n router_id B\n}\n");
    var r = ConfigLoader.load(dir.resolve("a.conf"), Configs.OPTIONS);
    assertTrue(Configs.messages(r).stream().anyMatch(m -> m.startsWith("include loop")));
    assertEquals("B", r.config().global().routerId());
  }

  @Test
  void linesOverTheLimitAreIgnoredWithAnError() {
    String longLine = " router_id " + "x".repeat(1100);
    var r = configs().load("global_defs {\n" + longLine + "\n router_id ok\n}\n");
    assertEquals(Set.of(2), Configs.lines(r));
    assertTrue(Configs.messages(r).contains("line too long - ignoring"));
    assertEquals("ok", r.config().global().routerId());
  }

  @Test
  void unterminatedQuoteIsReported() {
    var r = configs().load("global_defs {\n router_id \"abc\n}\n");
    assertTrue(Configs.messages(r).contains("Unterminated quote 'router_id \"abc'"));
  }

  @Test
  void invalidUtf8NeverLeavesTheParserRaw() {
    Configs c = configs();
    Path p = dir.resolve("bin.conf");
    try {
      java.nio.file.Files.write(p, new byte[] {'g', 'l', 'o', (byte) 0xff, (byte) 0xfe, '\n', 0x01, '\n'});
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    var r = ConfigLoader.load(p, Configs.OPTIONS);
    String all = r.diagnostics().stream().map(d -> d.render()).reduce("", String::concat);
    assertTrue(all.contains("glo\\xff\\xfe"), all);
    assertTrue(all.contains("\\x01"), all);
    assertEquals(5, r.exitCode());
  }

  @Test
  void relativeMainFileIsRelativeToTheWorkingDirectory() {
    Path main = configs().write("rel/main.conf", "include parts/p.conf\n");
    configs().write("rel/parts/p.conf", "global_defs {\n router_id REL\n}\n");
    Path relative = Path.of("").toAbsolutePath().relativize(main);
    var r = ConfigLoader.load(relative, Configs.OPTIONS);
    assertEquals(0, r.exitCode(), r.diagnostics().toString());
    assertEquals("REL", r.config().global().routerId());
  }

  @Test
  void missingMainFileOrDirectoryCannotRun() {
    assertEquals(4, ConfigLoader.load(dir.resolve("absent.conf"), Configs.OPTIONS).exitCode());
    assertEquals(4, ConfigLoader.load(dir, Configs.OPTIONS).exitCode());
  }
}
