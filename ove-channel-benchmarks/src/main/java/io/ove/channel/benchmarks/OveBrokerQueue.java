package io.ove.channel.benchmarks;

import com.rabbitmq.client.ConnectionFactory;
import io.ove.channel.ChannelClosedException;
import io.ove.channel.OverflowPolicy;
import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import io.ove.channel.rabbitmq.RabbitChannel;
import io.ove.channel.rabbitmq.RabbitDelivery;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * A broker queue through ove-channel, as its users call it: {@link Sender#send} (which returns
 * once the broker confirmed), a listener thread that takes {@link RabbitChannel#receiveDelivery}
 * and acknowledges after its handler returned (what {@code @ChannelListener} does on a broker
 * channel), and {@link Receiver#recv} (which acknowledges before it returns) for {@link #take()}.
 */
final class OveBrokerQueue implements BrokerQueue {

    /** How long the listener thread waits for a delivery before it looks whether it should stop. */
    private static final Duration LISTEN_SLICE = Duration.ofMillis(100);

    private final ConnectionFactory client;
    private final RabbitChannel<String> channel;
    private final Sender<String> sender;
    private Receiver<String> receiver;
    private Thread listener;
    private volatile boolean stopping;
    private volatile Throwable failure;

    OveBrokerQueue(ConnectionFactory client, String queue, int capacity, int prefetch) {
        this.client = client;
        this.channel = RabbitChannel.builder(client, queue).capacity(capacity).overflow(OverflowPolicy.BLOCK)
                .prefetch(prefetch).open();
        this.sender = channel.sender();
    }

    @Override
    public void send(String message) throws InterruptedException {
        sender.send(message);
    }

    @Override
    public void listen(Handler handler) {
        receiver = channel.receiver();
        listener = new Thread(() -> {
            try {
                while (!stopping) {
                    RabbitDelivery<String> delivery = channel.receiveDelivery(LISTEN_SLICE);
                    if (delivery != null) {
                        handler.handle(delivery.message());
                        delivery.acknowledge();
                    }
                }
            } catch (ChannelClosedException closed) {
                // the channel closed under the listener: only at the end of a trial
            } catch (Throwable e) {
                failure = e;
            }
        }, "ove-listener");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    public String take() throws InterruptedException {
        if (receiver == null) {
            receiver = channel.receiver();
        }
        return receiver.recv();
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        stopping = true;
        if (listener != null) {
            try {
                listener.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String queue = channel.queue();
        channel.close();
        // The channel's own queues and its companions, named after it (presence and the two
        // closed-side markers), so that a long-lived broker does not collect them fork after fork.
        deleteQueues(client, queue, channel.undeliveredQueue(), queue + ".senders", queue + ".closed-for-sending",
                queue + ".closed-for-receiving");
    }

    private static void deleteQueues(ConnectionFactory client, String... queues) {
        CachingConnectionFactory connections = new CachingConnectionFactory(client);
        try {
            RabbitAdmin admin = new RabbitAdmin(connections);
            for (String queue : queues) {
                admin.deleteQueue(queue);
            }
        } finally {
            connections.destroy();
        }
    }
}
