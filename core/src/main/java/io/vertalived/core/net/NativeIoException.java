package io.vertalived.core.net;

import java.io.IOException;

/** A failed system call, with errno's text: {@code "setsockopt(IP_ADD_MEMBERSHIP): No such device (errno 19)"}. */
public final class NativeIoException extends IOException {
  private static final long serialVersionUID = 1L;
  private final int errno;

  public NativeIoException(String call, int errno) {
    this(call, errno, null);
  }

  /** With what the kernel said beyond errno (a netlink extended ACK's message), if anything. */
  public NativeIoException(String call, int errno, String detail) {
    super(call + ": " + LibC.strerror(errno) + " (errno " + errno + ")"
        + (detail == null || detail.isEmpty() ? "" : ": " + detail));
    this.errno = errno;
  }

  public int errno() {
    return errno;
  }

  public static void check(int rc, String call) throws NativeIoException {
    if (rc < 0) {
      throw new NativeIoException(call, com.sun.jna.Native.getLastError());
    }
  }
}
