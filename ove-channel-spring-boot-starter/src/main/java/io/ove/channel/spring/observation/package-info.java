/**
 * Observation of listeners and trace propagation through channels: a channel with
 * {@code observation-enabled} carries, with each message, the sender's current Micrometer
 * {@code Observation} and a context-propagation {@code ContextSnapshot}; its listeners run each
 * delivery with that snapshot restored, inside an {@code ove.channel.listener} observation whose
 * parent is the sender's. With a tracer, the span of the request that sent a message is the parent
 * of the listener's span, and the listener's log lines carry the request's trace id.
 *
 * <p>Everything here needs micrometer-observation and context-propagation, except
 * {@link io.ove.channel.spring.observation.ListenerContextPropagation}, through which the rest of
 * the starter reaches it without loading either library.
 */
package io.ove.channel.spring.observation;
