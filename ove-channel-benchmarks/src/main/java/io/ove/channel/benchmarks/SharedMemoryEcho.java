package io.ove.channel.benchmarks;

import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import io.ove.channel.shm.SharedMemoryChannel;
import java.nio.file.Path;

/**
 * The JVM echo peer of {@link SharedMemoryPingPongBenchmark}, run as its own process: receives
 * every message of the ping file and sends it back on the pong file until ping is closed.
 */
public final class SharedMemoryEcho {

    private SharedMemoryEcho() {
    }

    /**
     * Echoes until the ping channel closes.
     *
     * @param args the ping file and the pong file
     * @throws InterruptedException if interrupted while waiting
     */
    public static void main(String[] args) throws InterruptedException {
        try (SharedMemoryChannel<Object> ping = SharedMemoryChannel.builder(Path.of(args[0])).create(false)
                .open(SharedMemoryPeers.CODEC);
             SharedMemoryChannel<Object> pong = SharedMemoryChannel.builder(Path.of(args[1])).create(false)
                .open(SharedMemoryPeers.CODEC);
             Receiver<Object> rx = ping.receiver();
             Sender<Object> tx = pong.sender()) {
            System.out.println("READY");
            for (Object message : rx) {
                tx.send(message);
            }
        }
    }
}
