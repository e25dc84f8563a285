/**
 * What operators see: the {@code channels} actuator endpoint, the health contributor that reports
 * stalled and full channels, and Micrometer meters for channels and listeners.
 */
package io.ove.channel.spring.actuate;
