package io.vertalived.core.bus;

/**
 * One address of the bus contract, described once: its name (or, for a scoped address, the
 * prefix its scope's name is appended to), whether it carries published events or
 * request/reply, the record type of its bodies and replies, and what it is for. The list of all
 * of them is {@link Addresses#ALL}; docs/event-bus.md is checked against it.
 *
 * @param <B> the body's record type
 * @param <R> the reply's record type ({@link Void} for a published stream)
 */
public final class BusAddress<B, R> {
  /** Published events (every consumer gets each), or a request answered by one consumer. */
  public enum Kind { PUBLISH, REQUEST }

  /** Whose the address is: the cluster's, a node's, a process's or a checker instance's. */
  public enum Scope {
    /** One address for the whole cluster. */
    CLUSTER(""),
    /** One per node: {@code .<node>}, the node's {@code router_id}. */
    NODE("<node>"),
    /** One per process: {@code .<member>}, its member id in the node directory. */
    PROCESS("<member>"),
    /** One per checker instance: {@code .<checker>}, its id from the heartbeats. */
    CHECKER("<checker>");

    private final String placeholder;

    Scope(String placeholder) {
      this.placeholder = placeholder;
    }

    public String placeholder() {
      return placeholder;
    }
  }

  private final String name;
  private final Kind kind;
  private final Scope scope;
  private final Class<B> body;
  private final Class<R> reply;
  private final String description;

  private BusAddress(String name, Kind kind, Scope scope, Class<B> body, Class<R> reply, String description) {
    this.name = name;
    this.kind = kind;
    this.scope = scope;
    this.body = body;
    this.reply = reply;
    this.description = description;
  }

  static <B> BusAddress<B, Void> publish(String name, Scope scope, Class<B> body, String description) {
    return new BusAddress<>(name, Kind.PUBLISH, scope, body, Void.class, description);
  }

  static <B, R> BusAddress<B, R> request(String name, Scope scope, Class<B> body, Class<R> reply, String description) {
    return new BusAddress<>(name, Kind.REQUEST, scope, body, reply, description);
  }

  /** The address of a {@link Scope#CLUSTER} address. */
  public String address() {
    if (scope != Scope.CLUSTER) {
      throw new IllegalStateException(name + " is per " + scope.name().toLowerCase() + ": use at(...)");
    }
    return name;
  }

  /** The address of {@code owner} (a node, a process's member id or a checker instance id). */
  public String at(String owner) {
    if (scope == Scope.CLUSTER) {
      throw new IllegalStateException(name + " is cluster-wide: use address()");
    }
    return name + "." + owner;
  }

  /** The address as docs/event-bus.md writes it: {@code vertalived.vrrp.status.<node>}. */
  public String pattern() {
    return scope == Scope.CLUSTER ? name : name + "." + scope.placeholder();
  }

  public Kind kind() {
    return kind;
  }

  public Scope scope() {
    return scope;
  }

  public Class<B> body() {
    return body;
  }

  /** {@link Void} for a published stream. */
  public Class<R> reply() {
    return reply;
  }

  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return pattern();
  }
}
