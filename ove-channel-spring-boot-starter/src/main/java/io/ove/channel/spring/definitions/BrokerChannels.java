package io.ove.channel.spring.definitions;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.amqp.AmqpAuthenticationException;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.amqp.support.converter.SimpleMessageConverter;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.util.ClassUtils;

import io.ove.channel.Channel;
import io.ove.channel.OverflowPolicy;
import io.ove.channel.rabbitmq.QueueType;
import io.ove.channel.rabbitmq.RabbitChannel;
import io.ove.channel.rabbitmq.RabbitChannelBuilder;
import io.ove.channel.rabbitmq.RabbitChannelException;
import io.ove.channel.rabbitmq.RabbitDelivery;
import io.ove.channel.spring.listener.DeliverySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opens the declared channels whose backend is rabbitmq. Only this class touches
 * {@code ove-channel-rabbitmq} and Spring AMQP, which the starter depends on optionally; it is
 * loaded when a channel declares that backend, and {@link ChannelDefinitions} has checked by then
 * that the module is present.
 */
final class BrokerChannels {

    private static final Log LOG = LogFactory.getLog(BrokerChannels.class);
    private static final boolean JACKSON_PRESENT = ClassUtils.isPresent("tools.jackson.databind.json.JsonMapper",
            BrokerChannels.class.getClassLoader());
    private static final long RETRY_PAUSE_MILLIS = 1000;

    private BrokerChannels() {
    }

    /**
     * Opens {@code definition}'s queue with this application's sender and receiver, waiting for an
     * unreachable broker as long as its startup timeout says.
     *
     * @throws InvalidChannelConfigurationException if the application has no broker connection, the
     *                                              codec is unknown, or the broker cannot be reached
     *                                              or refuses the queue
     */
    static OpenChannel open(ChannelDefinition definition, BeanFactory beans) {
        BrokerSettings settings = definition.broker();
        String group = "ove.channel.channels." + definition.name() + ".rabbitmq";
        RabbitChannelBuilder builder = RabbitChannel.builder(client(definition, beans), settings.queue())
                .name(definition.name())
                .capacity(definition.capacity())
                .overflow(definition.overflow() == null ? OverflowPolicy.BLOCK : definition.overflow())
                .queueType(settings.queueType().equals("quorum") ? QueueType.QUORUM : QueueType.CLASSIC)
                .prefetch(settings.prefetch())
                .confirmTimeout(settings.confirmTimeout())
                .sendTimeout(definition.sendTimeout())
                .converter(converter(definition, beans), definition.type());
        long deadline = System.nanoTime() + settings.startupTimeout().toNanos();
        for (;;) {
            try {
                RabbitChannel<Object> opened = builder.open();
                return new OpenChannel(opened.asChannel(), opened, new Deliveries(opened));
            } catch (RabbitChannelException refused) {
                boolean unreachable = unreachable(refused);
                if (!unreachable || System.nanoTime() - deadline >= 0) {
                    throw new InvalidChannelConfigurationException(group + ".queue", settings.queue(),
                            refused.getMessage(), unreachable
                                    ? "Start the broker, check spring.rabbitmq.host/port/username/password, or set "
                                            + group + ".startup-timeout to wait for the broker at start-up."
                                    : "Declare the channel with the queue's existing settings, or delete the queue.",
                            null);
                }
                LOG.info("channel '" + definition.name() + "': the broker is not reachable yet; trying again ("
                        + group + ".startup-timeout is " + settings.startupTimeout() + ")");
                pause();
            }
        }
    }

    /**
     * Whether opening failed because no broker answered at the address (worth waiting for at
     * start-up), as opposed to a broker that answered and refused: wrong credentials, a queue
     * declared with other settings. Decided by the causes' types, never by their messages, which
     * differ between client versions and locales.
     */
    static boolean unreachable(Throwable failure) {
        // getCause() is null, never the throwable itself, where a chain ends.
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AmqpAuthenticationException) {
                return false;
            }
            if (cause instanceof AmqpConnectException || cause instanceof java.net.ConnectException
                    || cause instanceof java.net.NoRouteToHostException || cause instanceof java.net.UnknownHostException
                    || cause instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS); // a start-up retry's pace, not synchronisation
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", interrupted);
        }
    }

    private static com.rabbitmq.client.ConnectionFactory client(ChannelDefinition definition, BeanFactory beans) {
        ConnectionFactory connections = beans.getBeanProvider(ConnectionFactory.class).getIfAvailable();
        String property = "ove.channel.channels." + definition.name() + ".backend";
        if (connections == null) {
            throw new InvalidChannelConfigurationException(property, "rabbitmq",
                    "the application has no RabbitMQ ConnectionFactory bean",
                    "Add spring-boot-starter-amqp (Spring Boot then makes one from spring.rabbitmq.*), or declare a"
                            + " CachingConnectionFactory bean.", null);
        }
        if (!(connections instanceof CachingConnectionFactory caching)) {
            throw new InvalidChannelConfigurationException(property, "rabbitmq",
                    "the application's RabbitMQ ConnectionFactory is a " + connections.getClass().getName()
                            + ", whose broker address the channel cannot reuse",
                    "Declare a CachingConnectionFactory bean (Spring Boot's default).", null);
        }
        // The channel opens its own connection from the same address, credentials and TLS, with the
        // publisher confirms it needs, whatever the application's own connection is set to.
        return caching.getRabbitConnectionFactory();
    }

    private static MessageConverter converter(ChannelDefinition definition, BeanFactory beans) {
        String codec = definition.broker().codec();
        String property = "ove.channel.channels." + definition.name() + ".rabbitmq.codec";
        switch (codec) {
            case "utf8", "bytes":
                return new SimpleMessageConverter();
            case "json":
                if (!JACKSON_PRESENT) {
                    throw new InvalidChannelConfigurationException(property, codec,
                            "the json codec uses the application's Jackson, which is not on the classpath",
                            "Add spring-boot-starter-json (or any Jackson 3 databind), or set " + property
                                    + " to utf8, bytes or the name of a MessageConverter bean.", null);
                }
                JsonMapper mapper = beans.getBeanProvider(JsonMapper.class).getIfAvailable(JsonMapper::new);
                return new JacksonJsonMessageConverter(mapper);
            default:
                try {
                    return beans.getBean(codec, MessageConverter.class);
                } catch (NoSuchBeanDefinitionException missing) {
                    throw new InvalidChannelConfigurationException(property, codec,
                            "it is neither json, utf8, bytes nor the name of a MessageConverter bean",
                            "Set " + property + " to json, utf8 or bytes, or declare a bean of type"
                                    + " org.springframework.amqp.support.converter.MessageConverter named '" + codec
                                    + "'.", null);
                }
        }
    }

    /** A broker channel as the starter holds it: the core channel, the connection to close, the listeners' source. */
    record OpenChannel(Channel<Object> channel, AutoCloseable detach, DeliverySource deliveries) {
    }

    /** Listener messages acknowledged after processing. */
    private record Deliveries(RabbitChannel<Object> channel) implements DeliverySource {

        @Override
        public Taken take(long timeout, TimeUnit unit) throws InterruptedException {
            RabbitDelivery<Object> delivery = channel.receiveDelivery(Duration.ofNanos(unit.toNanos(timeout)));
            return delivery == null ? null : new Acknowledgeable(delivery);
        }
    }

    private record Acknowledgeable(RabbitDelivery<Object> delivery) implements DeliverySource.Taken {

        @Override
        public Object message() {
            return delivery.message();
        }

        @Override
        public void acknowledge() {
            if (!delivery.acknowledge()) {
                LOG.debug("a broker message was processed after its connection dropped; the broker redelivers it");
            }
        }

        @Override
        public void requeue() {
            delivery.requeue();
        }
    }
}
