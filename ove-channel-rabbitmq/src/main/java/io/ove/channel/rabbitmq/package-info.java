/**
 * Broker channels: the core's {@link io.ove.channel.Sender} and {@link io.ove.channel.Receiver}
 * over a bounded RabbitMQ queue, so that several JVMs, on one machine or many, share one channel.
 *
 * <p>Entry point: {@link io.ove.channel.rabbitmq.RabbitChannel#builder}. The queue's
 * {@code x-max-length} is the capacity and its {@code x-overflow} the overflow policy; a send
 * reports {@code SENT} only after the broker's publisher confirm; the JVMs holding senders and
 * those holding receivers are counted by the broker as consumers of two presence queues, so the
 * closing rules hold across JVMs. docs/broker.md maps every rule of an in-process channel to its broker form and names the
 * test that proves it.
 */
package io.ove.channel.rabbitmq;
