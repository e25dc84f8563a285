package io.ove.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An {@code Error} thrown by user code on a slow path loses no message silently. */
@Timeout(30)
class UndeliveredFailureTest {

    @Test
    void aDrainTargetThatThrowsAnErrorHasItsMessageReported() {
        List<String> reported = new ArrayList<>();
        Channel<String> channel = Channel.<String>builder(4).onUndelivered((m, r) -> reported.add(m + ":" + r)).build();
        channel.sender().trySend("a");
        channel.sender().trySend("b");
        AbstractCollection<String> failing = new AbstractCollection<>() {
            @Override
            public boolean add(String s) {
                throw new StackOverflowError("target failed");
            }

            @Override
            public Iterator<String> iterator() {
                return Collections.emptyIterator();
            }

            @Override
            public int size() {
                return 0;
            }
        };
        assertThatThrownBy(() -> channel.receiver().drainTo(failing, 5)).isInstanceOf(StackOverflowError.class);
        assertThat(reported).containsExactly("a:REJECTED_BY_DRAIN_TARGET");
        assertThat(channel.receiver().tryRecv()).isEqualTo("b");
    }

    @Test
    void anUndeliveredHandlerThatThrowsAnErrorDoesNotStopTheDrainAtClose() {
        List<String> reported = new ArrayList<>();
        Channel<String> channel = Channel.<String>builder(4).onUndelivered((m, r) -> {
            reported.add(m);
            throw new AssertionError("handler failed on " + m);
        }).build();
        channel.sender().trySend("a");
        channel.sender().trySend("b");
        channel.sender().trySend("c");
        assertThat(channel.closeReceiving()).isTrue();
        assertThat(reported).containsExactly("a", "b", "c");
        ChannelStats stats = channel.stats();
        assertThat(stats.undelivered()).isEqualTo(3);
        assertThat(stats.depth()).isZero();
    }

    @Test
    void anUndeliveredHandlerThatThrowsAnErrorOnEvictionLeavesTheSendSent() {
        Channel<String> channel = Channel.<String>builder(1).overflow(OverflowPolicy.DROP_OLDEST).onUndelivered((m, r) -> {
            throw new AssertionError("handler failed on " + m);
        }).build();
        channel.sender().trySend("old");
        assertThat(channel.sender().trySend("new")).isEqualTo(SendResult.SENT);
        assertThat(channel.stats().evicted()).isEqualTo(1);
        assertThat(channel.receiver().tryRecv()).isEqualTo("new");
    }
}
