package io.ove.channel.spring.test;

import io.ove.channel.ChannelClosedException;
import io.ove.channel.Receiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Takes every message of a channel in a test and keeps it, so the test can see what the code
 * under test sent. It competes with the channel's listeners for messages, so switch those off
 * ({@code ove.channel.listeners.auto-startup=false}, or stop them through the
 * {@code ChannelListenerRegistry}) in tests that capture.
 *
 * <pre>{@code
 * try (MessageCapture<Invoice> invoices = MessageCapture.of(invoicesReceiver)) {
 *     billing.bill(order);
 *     assertThat(invoices.await(1, Duration.ofSeconds(5))).containsExactly(expectedInvoice);
 * }
 * }</pre>
 *
 * @param <T> the channel's message type
 */
public final class MessageCapture<T> implements AutoCloseable {

    /** How often the capturing thread looks whether it was closed. */
    private static final long POLL_MILLIS = 20;

    private final List<T> messages = new CopyOnWriteArrayList<>();
    private final Thread thread;
    /** Volatile: set by the test thread, read by the capturing thread. */
    private volatile boolean closed;

    private MessageCapture(Receiver<T> receiver) {
        Receiver<T> own = receiver.clone();
        thread = new Thread(() -> capture(own), "ove-channel-capture");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Starts capturing what {@code receiver}'s channel delivers, on a thread of its own with a
     * clone of {@code receiver}.
     *
     * @param receiver the channel's receiving half (the {@code <name>Receiver} bean)
     * @param <T>      the message type
     * @return the capture, to close at the end of the test
     */
    public static <T> MessageCapture<T> of(Receiver<T> receiver) {
        return new MessageCapture<>(receiver);
    }

    private void capture(Receiver<T> receiver) {
        try (receiver) {
            while (!closed) {
                T message = receiver.recv(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (message != null) {
                    messages.add(message);
                }
            }
        } catch (ChannelClosedException | InterruptedException ended) {
            // The channel closed with the context, or close() interrupted the wait: nothing more comes.
        }
    }

    /** {@return a copy of the messages captured so far, in the order they were received} */
    public List<T> messages() {
        return new ArrayList<>(messages);
    }

    /**
     * Waits until at least {@code count} messages were captured.
     *
     * @param count   how many messages to wait for
     * @param timeout the longest wait
     * @return a copy of the messages captured
     * @throws AssertionError if fewer arrive within {@code timeout}
     */
    public List<T> await(int count, Duration timeout) {
        ChannelProbe.await(timeout, () -> messages.size() >= count,
                () -> count + " captured message(s); captured " + messages);
        return messages();
    }

    /** Stops capturing and releases the receiver clone. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
