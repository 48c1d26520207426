package io.vertalived.core.bus;

/**
 * A request that cannot be answered, with the code the requester gets: 400 bad request, 404 no
 * such thing, 409 refused in the current state, 503 not available now. The message says what,
 * in words.
 */
public final class BusFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  public static final int BAD_REQUEST = 400;
  public static final int NOT_FOUND = 404;
  public static final int CONFLICT = 409;
  public static final int UNAVAILABLE = 503;
  private final int code;

  public BusFailure(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public int code() {
    return code;
  }
}
