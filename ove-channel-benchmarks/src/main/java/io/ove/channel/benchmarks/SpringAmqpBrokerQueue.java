package io.ove.channel.benchmarks;

import com.rabbitmq.client.ConnectionFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.support.converter.SimpleMessageConverter;

/**
 * The same work through Spring AMQP's own API, set up the way ove-channel's broker channel sets up
 * its connection: a {@link CachingConnectionFactory} with correlated publisher confirms and
 * returns, a {@link RabbitTemplate} with {@code mandatory} whose every send waits for its
 * {@link CorrelationData}'s confirm, and a listener container as {@code @RabbitListener} gets one
 * ({@link SimpleMessageListenerContainer}, Boot's default, or {@link DirectMessageListenerContainer})
 * with {@link AcknowledgeMode#AUTO}: the container acknowledges after the listener returns.
 *
 * <p>The listener is a plain {@link MessageListener} that decodes with the template's own
 * {@link SimpleMessageConverter}; {@code @RabbitListener}'s method adapter would add a reflective
 * call and a {@code spring-messaging} message per delivery, so this is the cheaper end of Spring
 * AMQP and the ratio against it is the stricter one. {@link #take()} is such a listener handing
 * each message to the calling thread through a queue: a container pushes, it has no blocking take.
 */
final class SpringAmqpBrokerQueue implements BrokerQueue {

    private static final long CONFIRM_TIMEOUT_SECONDS = 10;

    private final String queue;
    private final CachingConnectionFactory connections;
    private final RabbitAdmin admin;
    private final RabbitTemplate template;
    private final SimpleMessageConverter converter = new SimpleMessageConverter();
    private final AbstractMessageListenerContainer container;
    /** Messages the container handed over for {@link #take()}. */
    private LinkedBlockingQueue<String> handedOver;
    private volatile Throwable failure;

    SpringAmqpBrokerQueue(ConnectionFactory client, String queue, int capacity, int prefetch, boolean direct) {
        this.queue = queue;
        this.connections = new CachingConnectionFactory(client);
        connections.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        connections.setPublisherReturns(true);
        this.admin = new RabbitAdmin(connections);
        admin.declareQueue(QueueBuilder.durable(queue).maxLength(capacity)
                .overflow(QueueBuilder.Overflow.rejectPublish).withArgument("x-queue-type", "classic").build());
        this.template = new RabbitTemplate(connections);
        template.setMandatory(true);
        template.setMessageConverter(converter);
        this.container = direct ? new DirectMessageListenerContainer(connections)
                : new SimpleMessageListenerContainer(connections);
        container.setQueueNames(queue);
        container.setAcknowledgeMode(AcknowledgeMode.AUTO);
        container.setPrefetchCount(prefetch);
    }

    @Override
    public void send(String message) throws Exception {
        CorrelationData correlation = new CorrelationData();
        template.convertAndSend("", queue, message, correlation);
        CorrelationData.Confirm confirm = correlation.getFuture().get(CONFIRM_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!confirm.ack() || correlation.getReturned() != null) {
            throw new IllegalStateException("queue '" + queue + "' did not take a message: " + confirm);
        }
    }

    @Override
    public void listen(Handler handler) {
        container.setMessageListener((MessageListener) message -> {
            try {
                handler.handle((String) converter.fromMessage(message));
            } catch (Exception e) {
                failure = e;
                throw new AmqpRejectAndDontRequeueException(e);
            }
        });
        container.afterPropertiesSet();
        container.start();
    }

    @Override
    public String take() throws InterruptedException {
        if (handedOver == null) {
            LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
            handedOver = messages;
            listen(messages::add);
        }
        return handedOver.take();
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        container.stop();
        container.destroy();
        admin.deleteQueue(queue);
        connections.destroy();
    }
}
