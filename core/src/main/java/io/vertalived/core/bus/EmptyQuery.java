package io.vertalived.core.bus;

/** The body of a request that takes no arguments: {@code {}}. */
public record EmptyQuery() {
  public static final EmptyQuery INSTANCE = new EmptyQuery();
}
