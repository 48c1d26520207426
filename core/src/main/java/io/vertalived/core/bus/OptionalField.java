package io.vertalived.core.bus;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A body field that may be absent: a request's optional argument, or a field added in contract
 * version {@link #since} that bodies of earlier versions lack. Decoding gives an absent one its
 * zero value (0, false, null, empty list or map) instead of rejecting the body; every other
 * field is required. Unknown fields are always ignored, so that a newer version's bodies reach
 * an older consumer (rolling upgrades, docs/event-bus.md).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface OptionalField {
  /** The contract version ({@link Addresses#CONTRACT_VERSION}) that added the field. */
  int since() default 1;
}
