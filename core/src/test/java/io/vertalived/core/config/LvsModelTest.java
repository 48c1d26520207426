package io.vertalived.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertalived.core.config.model.Checker;
import io.vertalived.core.config.model.RealServer;
import io.vertalived.core.config.model.VirtualServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** virtual_server, real_server and every checker with keepalived's defaults (keepalived.conf(5) Virtual server(s)). */
class LvsModelTest {
  @TempDir
  Path dir;

  private ConfigLoader.Result load(String text) {
    return new Configs(dir).load(text);
  }

  private VirtualServer vs(String vsBody, String rsBody) {
    var r = load("virtual_server 198.18.0.1 80 {\n" + vsBody + "\n real_server 198.18.0.2 8080 {\n"
        + rsBody + "\n }\n}\n");
    assertEquals(1, r.config().virtualServers().size(), r.diagnostics().toString());
    return r.config().virtualServers().get(0);
  }

  @Test
  void virtualServerDefaultsAndTheirWarnings() {
    var r = load("virtual_server 198.18.0.1 80 {\n real_server 198.18.0.2 80 {\n TCP_CHECK {\n }\n }\n}\n");
    VirtualServer v = r.config().virtualServers().get(0);
    assertEquals("UDP", v.protocol());
    assertEquals("wlc", v.lbAlgo());
    assertEquals("NAT", v.lbKind());
    assertEquals(60.0, v.delayLoop());
    assertEquals(1, v.quorum());
    assertEquals(List.of(
        "Virtual server [198.18.0.1]:none:80: no protocol set - defaulting to UDP",
        "Virtual server [198.18.0.1]:udp:80: no scheduler set, setting default 'wlc'",
        "Virtual server [198.18.0.1]:udp:80: no forwarding method set, setting default NAT"),
        Configs.messages(r));
    RealServer rs = v.realServers().get(0);
    assertEquals(1, rs.weight());
    assertTrue(rs.smtpAlert(), "real servers alert by default (backward compatibility)");
  }

  @Test
  void aRealServersSmtpAlertFollowsTheGlobalDefaultsNotItsVirtualServer() {
    // keepalived.conf(5) real_server smtp_alert: default yes unless global smtp_alert/smtp_alert_checker set
    assertTrue(vs(" protocol TCP\n smtp_alert off", "").realServers().get(0).smtpAlert(), "the VS's value is not inherited");
    var off = load("global_defs {\n smtp_alert_checker off\n}\nvirtual_server 198.18.0.1 80 {\n protocol TCP\n"
        + " smtp_alert on\n real_server 198.18.0.2 80 {\n }\n}\n");
    assertFalse(off.config().virtualServers().get(0).realServers().get(0).smtpAlert());
    var global = load("global_defs {\n smtp_alert off\n}\nvirtual_server 198.18.0.1 80 {\n protocol TCP\n"
        + " real_server 198.18.0.2 80 {\n smtp_alert on\n }\n real_server 198.18.0.3 80 {\n }\n}\n");
    assertTrue(global.config().virtualServers().get(0).realServers().get(0).smtpAlert());
    assertFalse(global.config().virtualServers().get(0).realServers().get(1).smtpAlert());
  }

  @Test
  void checkerDefaultsPerType() {
    VirtualServer v = vs(" delay_loop 6\n lb_algo rr\n lb_kind NAT\n protocol TCP",
        " HTTP_GET {\n url {\n path /\n }\n }\n TCP_CHECK {\n }\n MISC_CHECK {\n misc_path /bin/true\n }\n"
            + " DNS_CHECK {\n }\n SMTP_CHECK {\n }");
    List<Checker> c = v.realServers().get(0).checkers();
    Checker.HttpGet http = assertInstanceOf(Checker.HttpGet.class, c.get(0));
    assertEquals(1, http.settings().retry());
    assertEquals(3.0, http.settings().delayBeforeRetry());
    assertEquals(5.0, http.settings().connectTimeout());
    assertEquals(6.0, http.settings().warmup(), "warmup defaults to delay_loop");
    assertEquals(8080, http.settings().connectPort());
    assertEquals("198.18.0.2", http.settings().connectIp().toString());
    assertEquals(200, http.urls().get(0).statusCodes().get(0)[0]);
    assertEquals(299, http.urls().get(0).statusCodes().get(0)[1]);
    assertEquals(1.0, c.get(1).settings().delayBeforeRetry(), "TCP_CHECK");
    assertEquals(0, c.get(2).settings().retry(), "MISC_CHECK retry 0");
    assertEquals(6.0, ((Checker.MiscCheck) c.get(2)).timeout(), "misc_timeout defaults to delay_loop");
    Checker.DnsCheck dns = assertInstanceOf(Checker.DnsCheck.class, c.get(3));
    assertEquals(3, dns.settings().retry());
    assertEquals(6.0, dns.settings().delayBeforeRetry(), "DNS: delay_before_retry = delay_loop");
    assertEquals("SOA", dns.queryType());
    assertEquals(".", dns.name());
    assertEquals("smtpchecker.keepalived.org", ((Checker.SmtpCheck) c.get(4)).heloName());
  }

  @Test
  void checkerSettingsInheritFromRealServerThenVirtualServer() {
    VirtualServer v = vs(" lb_algo rr\n lb_kind NAT\n protocol TCP\n connect_timeout 7\n retry 4",
        " delay_before_retry 9\n TCP_CHECK {\n connect_port 81\n }\n TCP_CHECK {\n retry 2\n connect_timeout 1\n }");
    List<Checker> c = v.realServers().get(0).checkers();
    assertEquals(7.0, c.get(0).settings().connectTimeout());
    assertEquals(4, c.get(0).settings().retry());
    assertEquals(9.0, c.get(0).settings().delayBeforeRetry());
    assertEquals(81, c.get(0).settings().connectPort());
    assertEquals(2, c.get(1).settings().retry());
    assertEquals(1.0, c.get(1).settings().connectTimeout());
  }

  @Test
  void directRoutingForcesTheVirtualServerPort() {
    VirtualServer v = vs(" lb_algo rr\n lb_kind DR\n protocol TCP", " TCP_CHECK {\n }");
    assertEquals(80, v.realServers().get(0).port());
  }

  @Test
  void quorumIsCappedToTheTotalWeight() {
    VirtualServer v = vs(" lb_algo rr\n lb_kind NAT\n protocol TCP\n quorum 10", " weight 3\n TCP_CHECK {\n }");
    assertEquals(3, v.quorum());
  }

  @Test
  void persistenceWithoutValueIs360() {
    assertEquals(360, vs(" lb_algo rr\n lb_kind NAT\n protocol TCP\n persistence_timeout", " TCP_CHECK {\n }")
        .persistenceTimeout());
  }

  @Test
  void httpUrlOptions() {
    VirtualServer v = vs(" lb_algo rr\n lb_kind NAT\n protocol TCP",
        " SSL_GET {\n url {\n path /h\n digest 640205B7B0FC66C1EA91C463FAC6334D\n status_code 200 301-302\n"
            + " virtualhost www.example.test\n regex ^ok\n }\n http_protocol 1.1\n enable_sni\n }");
    Checker.HttpGet h = (Checker.HttpGet) v.realServers().get(0).checkers().get(0);
    assertTrue(h.ssl());
    assertEquals("SSL_GET", h.type());
    assertEquals("640205b7b0fc66c1ea91c463fac6334d", h.urls().get(0).digest());
    assertEquals(2, h.urls().get(0).statusCodes().size());
    assertEquals("www.example.test", h.urls().get(0).virtualhost());
    assertEquals("^ok", h.urls().get(0).regex());
    assertEquals("1.1", h.httpProtocol());
    assertTrue(h.enableSni());
  }

  @Test
  void badDigestAndStatusAreReported() {
    var r = load("virtual_server 198.18.0.1 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n"
        + " real_server 198.18.0.2 80 {\n HTTP_GET {\n url {\n digest 12\n status_code 99 200\n }\n }\n }\n}\n");
    assertTrue(Configs.messages(r).contains("digest '12' character length should be 32 rather than 2"));
    assertTrue(Configs.messages(r).contains("Invalid HTTP_GET status code '99'"));
  }

  @Test
  void groupsFwmarksAndEmptyServers() {
    var r = load("virtual_server_group G {\n 198.18.1.1-3 80\n 198.18.2.0/30 443\n fwmark 9\n}\n"
        + "virtual_server group G {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n real_server 198.18.3.1 80 {\n TCP_CHECK {\n }\n }\n}\n"
        + "virtual_server fwmark 5 {\n lb_kind DR\n}\n");
    var g = r.config().virtualServerGroups().get("G");
    assertEquals("198.18.1.3", g.ranges().get(0).last().toString());
    assertEquals("198.18.2.0", g.ranges().get(1).first().toString());
    assertEquals("198.18.2.3", g.ranges().get(1).last().toString());
    assertEquals(443, g.ranges().get(1).port());
    assertEquals(List.of(9), g.fwmarks());
    assertEquals(1, r.config().virtualServers().size());
    assertEquals(VirtualServer.Kind.GROUP, r.config().virtualServers().get(0).kind());
    assertTrue(Configs.messages(r).contains("Virtual server FWM 5 has no real servers - ignoring"));
  }

  @Test
  void checkScriptsNeedScriptSecurity() {
    var r = load("virtual_server 198.18.0.1 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n"
        + " real_server 198.18.0.2 80 {\n notify_up /bin/true\n MISC_CHECK {\n misc_path \"/bin/check 'x y'\"\n misc_dynamic\n }\n }\n}\n");
    assertEquals(6, r.exitCode());
    Checker.MiscCheck m = (Checker.MiscCheck) r.config().virtualServers().get(0).realServers().get(0).checkers().get(0);
    assertEquals(List.of("/bin/check", "x y"), m.script().argv());
    assertTrue(m.dynamic());
    assertFalse(r.config().virtualServers().get(0).realServers().get(0).inhibitOnFailure());
  }
}
