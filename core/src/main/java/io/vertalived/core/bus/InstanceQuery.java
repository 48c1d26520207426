package io.vertalived.core.bus;

/** {@code {}} for every instance of a node, or {@code {"instance": NAME}} for one. */
public record InstanceQuery(@OptionalField String instance) {
  public static final InstanceQuery ALL = new InstanceQuery(null);
}
