package io.vertalived.core.config.keywords;

import io.vertalived.core.config.parse.SourceLocation;

/** A tracker reference as written, before it is resolved against what it names. */
record TrackerRef(String name, Integer weight, Boolean reverse, SourceLocation location) {}
