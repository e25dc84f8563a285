/**
 * The {@code ove.channel.*} properties, bound and validated once before any bean exists, the
 * failure analysis that reports a mistake, and the channel, sender and receiver beans made from
 * them.
 */
package io.ove.channel.spring.definitions;
