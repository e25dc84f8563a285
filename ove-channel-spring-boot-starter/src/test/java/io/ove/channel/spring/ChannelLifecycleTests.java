package io.ove.channel.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.ove.channel.ChannelClosedException;
import io.ove.channel.SendResult;
import io.ove.channel.Sender;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;

@Timeout(60)
class ChannelLifecycleTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OveChannelAutoConfiguration.class))
            .withPropertyValues("ove.channel.channels.orders.capacity=4",
                    "ove.channel.shutdown.drain-timeout=300ms");

    @Test
    void phaseSitsBetweenTheWebServersGracefulShutdownAndTheExecutors() {
        assertThat(ChannelLifecycle.PHASE)
                .isLessThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE)
                .isGreaterThan(Integer.MAX_VALUE / 2);
    }

    @Test
    void producersSendingAfterShutdownBeganGetClosedNotAHang() {
        contextRunner.run(context -> {
            Sender<String> tx = context.getBean("ordersSender", Sender.class);
            context.getBean(ChannelLifecycle.class).stop();
            assertThat(tx.trySend("late")).isEqualTo(SendResult.CLOSED);
            assertThatExceptionOfType(ChannelClosedException.class).isThrownBy(() -> tx.send("late"));
        });
    }

    @Test
    void aListenerThatBlocksForeverDoesNotHoldUpShutdownBeyondTheDrainTimeout() {
        contextRunner.withBean(BlockingListener.class).run(context -> {
            context.getBean("ordersSender", Sender.class).send("stuck");
            context.getBean(BlockingListener.class).entered.await();
            long start = System.nanoTime();
            context.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300).plusSeconds(2));
            assertThat(ChannelListenerTests.liveListenerThreads()).isEmpty();
        });
    }

    @Test
    void aListenerThatThrowsOnEveryMessageStillLetsShutdownComplete() {
        contextRunner.withBean(ThrowingListener.class).run(context -> {
            Sender<String> tx = context.getBean("ordersSender", Sender.class);
            for (int i = 0; i < 4; i++) {
                tx.send("m" + i);
            }
            long start = System.nanoTime();
            context.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300).plusSeconds(2));
            assertThat(ChannelListenerTests.liveListenerThreads()).isEmpty();
        });
    }

    static class BlockingListener {
        final CountDownLatch entered = new CountDownLatch(1);

        @ChannelListener(channel = "orders")
        void process(String message) throws InterruptedException {
            entered.countDown();
            new CountDownLatch(1).await(); // blocks until interrupted
        }
    }

    static class ThrowingListener {
        @ChannelListener(channel = "orders")
        void process(String message) {
            throw new IllegalArgumentException("cannot handle " + message);
        }
    }
}
