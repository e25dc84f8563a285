package io.ove.channel.rabbitmq;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that runs against a real RabbitMQ ({@link RabbitBroker}). Where Debian's
 * {@code rabbitmq-server} is not installed the class is skipped, and the skip says how to install
 * it; under {@code OVE_TEST_REQUIRE_PROGRAMS=true} (or {@code -Dove.test.require-programs=true}),
 * as in CI, it runs and fails instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(BrokerInstalledCondition.class)
public @interface RequiresBroker {
}
