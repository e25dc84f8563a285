package io.ove.channel.rabbitmq;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.ConnectionFactory;

import io.ove.channel.ChannelClosedException;
import io.ove.channel.OverflowPolicy;
import io.ove.channel.Receiver;
import io.ove.channel.SendResult;
import io.ove.channel.Sender;

/**
 * Another JVM on a broker channel, for {@link CrossJvmTest}: it says what it did line by line on
 * its output, and the test reads those lines.
 *
 * <pre>
 * produce PORT QUEUE CAPACITY OVERFLOW PREFIX COUNT PAUSE_MS SENDERS
 *                                                              waits until SENDERS JVMs hold a sender, then blocking
 *                                                              sends; "sent X" per message, "closed" at the end
 * offer   PORT QUEUE CAPACITY OVERFLOW PREFIX COUNT SENDERS    waits like produce, then trySend / send with a 200 ms
 *                                                              timeout; "result SENT n FULL m"
 * listen  PORT QUEUE CAPACITY OVERFLOW WORK_MS                 takes, works, acknowledges: "got X", then "ack X"; "closed" at the end
 * once    PORT QUEUE CAPACITY OVERFLOW                         sends and receives one message, closes, and returns from main
 * </pre>
 */
public final class RabbitPeer {

    private RabbitPeer() {
    }

    /** {@return the command that runs a peer in a new JVM with this JVM's class path} */
    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                RabbitPeer.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Throwable failed) {
            // A failure must end this JVM, which the client's threads would otherwise keep alive.
            failed.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        ConnectionFactory client = new ConnectionFactory();
        client.setHost("127.0.0.1");
        client.setPort(Integer.parseInt(args[1]));
        client.setAutomaticRecoveryEnabled(false);
        RabbitChannel<String> channel = RabbitChannel.builder(client, args[2]).capacity(Integer.parseInt(args[3]))
                .overflow(OverflowPolicy.valueOf(args[4])).prefetch(4).open();
        switch (args[0]) {
            case "produce" -> produce(channel, args[5], Integer.parseInt(args[6]), Long.parseLong(args[7]),
                    Integer.parseInt(args[8]));
            case "offer" -> offer(channel, args[4], args[5], Integer.parseInt(args[6]), Integer.parseInt(args[7]));
            case "listen" -> listen(channel, Long.parseLong(args[5]));
            case "once" -> once(channel);
            default -> throw new IllegalArgumentException(args[0]);
        }
        channel.close();
        System.out.println("exit");
        if (!args[0].equals("once")) {
            System.exit(0);
        }
        // "once" returns from main: the JVM must end by itself once the channel is closed.
    }

    private static void produce(RabbitChannel<String> channel, String prefix, int count, long pauseMillis,
            int senders) throws InterruptedException {
        Sender<String> sender = channel.sender();
        System.out.println("ready");
        awaitSenders(channel, senders);
        for (int i = 0; i < count; i++) {
            String message = prefix + "-" + i;
            sender.send(message);
            System.out.println("sent " + message);
            if (pauseMillis > 0) {
                Thread.sleep(pauseMillis); // pacing the stream, not synchronising with anyone
            }
        }
        sender.close();
        System.out.println("closed");
    }

    private static void offer(RabbitChannel<String> channel, String overflow, String prefix, int count, int senders)
            throws InterruptedException {
        Sender<String> sender = channel.sender();
        System.out.println("ready");
        awaitSenders(channel, senders);
        int sent = 0;
        int full = 0;
        for (int i = 0; i < count; i++) {
            SendResult result = overflow.equals("BLOCK")
                    ? sender.send(prefix + "-" + i, 200, TimeUnit.MILLISECONDS)
                    : sender.trySend(prefix + "-" + i);
            if (result == SendResult.SENT) {
                sent++;
            } else if (result == SendResult.FULL) {
                full++;
            }
        }
        System.out.println("result SENT " + sent + " FULL " + full);
        sender.close();
    }

    /**
     * Waits (at most a minute) until the broker counts {@code senders} JVMs holding a sender: one
     * that finished before another started would be the last sender, and its close would end the
     * channel for the other.
     */
    private static void awaitSenders(RabbitChannel<String> channel, int senders) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (;;) {
            channel.refresh();
            if (channel.storage().liveSenders() >= senders || System.nanoTime() > deadline) {
                return;
            }
            Thread.sleep(20); // polling the broker's count, which has no notification to wait on
        }
    }

    private static void once(RabbitChannel<String> channel) throws InterruptedException {
        Sender<String> sender = channel.sender();
        Receiver<String> receiver = channel.receiver();
        sender.send("once");
        System.out.println("got " + receiver.recv(30, TimeUnit.SECONDS));
        sender.close();
        receiver.close();
    }

    private static void listen(RabbitChannel<String> channel, long workMillis) throws InterruptedException {
        Receiver<String> receiver = channel.receiver();
        System.out.println("ready");
        try {
            for (;;) {
                RabbitDelivery<String> delivery = channel.receiveDelivery(Duration.ofSeconds(1));
                if (delivery == null) {
                    continue;
                }
                System.out.println("got " + delivery.message());
                if (workMillis > 0) {
                    Thread.sleep(workMillis); // the listener's work
                }
                if (delivery.acknowledge()) {
                    System.out.println("ack " + delivery.message());
                } else {
                    System.out.println("unacked " + delivery.message());
                }
            }
        } catch (ChannelClosedException closed) {
            System.out.println("closed");
        }
        receiver.close();
    }


}
