package io.ove.channel.docs;

import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import io.ove.channel.shm.Codec;
import io.ove.channel.shm.SharedMemoryChannel;
import java.nio.file.Path;

/**
 * Holds the Java sample of {@code docs/shared-memory.md}, line for line, so that it compiles
 * against the real API. {@link DocumentationSamplesTest} checks that it is here.
 */
final class SharedMemorySamples {

    /** "From Java". */
    void fromJava() throws InterruptedException {
        // Creates /dev/shm/orders if it does not exist yet (any process may be first), else opens it.
        try (SharedMemoryChannel<String> orders = SharedMemoryChannel.builder(Path.of("/dev/shm/orders"))
                .capacity(1024).maxMessageSize(256).open(Codec.utf8())) {
            Sender<String> tx = orders.sender();      // a counted handle, like Channel.sender()
            Receiver<String> rx = orders.receiver();  // each call opens one more handle
            tx.send("order 42");                      // the same Sender and Receiver types as in-process
            String next = rx.recv();
        }   // close() gives up this process's handles that are still open and detaches from the file
    }
}
