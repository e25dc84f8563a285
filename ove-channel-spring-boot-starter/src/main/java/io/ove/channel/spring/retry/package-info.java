/**
 * Retries of failed listener calls, built on Spring Framework's
 * {@link org.springframework.core.retry.RetryPolicy} from a listener's
 * {@link io.ove.channel.spring.Retry}.
 */
package io.ove.channel.spring.retry;
