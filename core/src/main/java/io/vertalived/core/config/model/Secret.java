package io.vertalived.core.config.model;

/** A password (auth_pass, SMTP password). Never printed: logs and dumps show it masked. */
public record Secret(String value) {
  public static final String MASK = "********";

  @Override
  public String toString() {
    return MASK;
  }
}
