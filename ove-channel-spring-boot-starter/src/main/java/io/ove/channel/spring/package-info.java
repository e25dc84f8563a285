/**
 * The ove-channel Spring Boot starter: its auto-configurations and what applications use
 * directly, {@link io.ove.channel.spring.ChannelListener @ChannelListener}, the
 * {@link io.ove.channel.spring.DeadLetter} record, and the handlers an application may provide.
 *
 * <p>The rooms behind them: {@code definitions} (the {@code ove.channel.*} properties, their
 * validation and the channel beans), {@code listener} (finding and running listener methods),
 * {@code lifecycle} (start, stop and shutdown order) and {@code actuate} (endpoint, health and
 * metrics).
 */
package io.ove.channel.spring;
