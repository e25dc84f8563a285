/**
 * Starting listeners, stopping them for a restart or pause, and closing channels at shutdown in
 * pipeline order within Spring's phase timeout.
 */
package io.ove.channel.spring.lifecycle;
