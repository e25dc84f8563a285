package io.ove.channel.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sends what a {@link ChannelListener} method returns to another declared channel, with a
 * blocking send that honours that channel's {@code send-timeout}. A {@code null} return sends
 * nothing. The start fails when the channel is not declared, or when its {@code type} cannot hold
 * the method's return type.
 *
 * <pre>{@code
 * @ChannelListener(channel = "orders")
 * @SendTo("invoices")
 * Invoice bill(Order order) { return invoicing.bill(order); }
 * }</pre>
 *
 * <p>The target channel closes after the listener's own at shutdown, so replies sent while the
 * listener drains still arrive.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SendTo {

    /** {@return the name of a declared channel, or a placeholder} */
    String value();
}
