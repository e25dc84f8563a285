/**
 * {@link io.ove.channel.spring.ChannelListener @ChannelListener} methods: found on beans,
 * registered, and run by containers that hand failures to the error handler or the dead-letter
 * channel.
 */
package io.ove.channel.spring.listener;
