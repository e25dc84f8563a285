package io.ove.channel.spring;

/** A message type for the tests. */
public record Order(long id) {
}
