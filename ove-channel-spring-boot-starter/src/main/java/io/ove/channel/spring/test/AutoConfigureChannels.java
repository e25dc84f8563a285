package io.ove.channel.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Brings the declared channels, their halves and their listeners into a test slice, which
 * otherwise leaves the starter's auto-configuration out:
 *
 * <pre>{@code
 * @WebMvcTest(OrderController.class)
 * @AutoConfigureChannels
 * @TestPropertySource(properties = "ove.channel.listeners.auto-startup=false")
 * class OrderControllerTests { ... }
 * }</pre>
 *
 * <p>Listener observation is left out, as Spring Boot leaves observability out of slices: a channel
 * with {@code observation-enabled} is a plain channel in a slice. The auto-configurations it
 * imports are listed in
 * {@code META-INF/spring/io.ove.channel.spring.test.AutoConfigureChannels.imports}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureChannels {
}
