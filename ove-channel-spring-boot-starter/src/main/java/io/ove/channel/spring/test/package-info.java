/**
 * What tests of an application using the starter need: {@link io.ove.channel.spring.test.AutoConfigureChannels}
 * for test slices, {@link io.ove.channel.spring.test.ChannelProbe} to wait for channels and
 * listeners, and {@link io.ove.channel.spring.test.MessageCapture} to see what was sent.
 */
package io.ove.channel.spring.test;
