package io.ove.channel.docs;

import io.ove.channel.Channel;
import io.ove.channel.Receiver;
import io.ove.channel.Sender;

/**
 * Holds the Java samples of the repository's {@code README.md}, line for line, so that they
 * compile against the real API. {@link DocumentationSamplesTest} checks that each sample of the
 * page is here.
 */
final class ReadmeSamples {

    private ReadmeSamples() {
    }

    /**
     * "Quick start". It closes {@code tx} inside the {@code try} that also closes it, on purpose:
     * the sample shows that closing the first sender early leaves the channel open while a clone
     * lives, and closing twice is allowed.
     */
    @SuppressWarnings("try")
    static void quickStart() {
        Channel<String> channel = Channel.bounded(256);          // holds exactly 256 messages
        try (Sender<String> tx = channel.sender();
             Receiver<String> rx = channel.receiver()) {
            Sender<String> producer = tx.clone();                // one counted handle per thread
            new Thread(() -> {
                try (producer) {
                    for (int i = 0; i < 3; i++) producer.send("message " + i);   // blocks while full
                } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
            }).start();
            tx.close();                                          // the clone keeps the channel open
            for (String message : rx) {                          // ends when every sender is closed
                System.out.println(message);                     // and the channel is drained
            }
        }
    }
}
