package io.vertalived.core.config.keywords;

import io.vertalived.core.config.model.Checker;
import io.vertalived.core.config.model.IpAddress;
import io.vertalived.core.config.model.ScriptCommand;
import java.util.ArrayList;
import java.util.List;

/**
 * One checker block as written ({@code HTTP_GET}, {@code TCP_CHECK}, ...), also used for the
 * defaults a real server or virtual server gives its checkers. Null means "not set here".
 */
final class CheckerDraft {
  final String type;
  IpAddress connectIp;
  Integer connectPort;
  IpAddress bindTo;
  String bindInterface;
  Integer bindPort;
  Integer fwmark;
  Double connectTimeout;
  Integer retry;
  Double delayBeforeRetry;
  Double warmup;
  Double delayLoop;
  Boolean alpha;
  Boolean logAllFailures;
  // HTTP_GET / SSL_GET
  final List<Checker.Url> urls = new ArrayList<>();
  String httpProtocol;
  String virtualhost;
  boolean fastRecovery;
  boolean enableSni;
  String sniName;
  boolean tlsCompliant;
  // url being read
  String urlPath;
  String urlDigest;
  List<int[]> urlStatus;
  String urlVirtualhost;
  String urlRegex;
  boolean urlRegexNoMatch;
  // SMTP_CHECK
  String heloName;
  // MISC_CHECK
  ScriptCommand miscPath;
  Double miscTimeout;
  boolean miscDynamic;
  String user;
  String group;
  // DNS_CHECK
  String dnsType;
  String dnsName;
  // UDP_CHECK
  String payload;
  String requireReply;
  int minReplyLength;
  int maxReplyLength = 255;
  // FILE_CHECK / BFD_CHECK
  String trackFile;
  boolean dynamic;
  Integer weight;
  boolean reverse;
  String bfdName;

  CheckerDraft(String type) {
    this.type = type;
  }
}
