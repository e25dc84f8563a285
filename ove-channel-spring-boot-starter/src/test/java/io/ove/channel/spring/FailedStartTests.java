package io.ove.channel.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.ove.channel.ChannelState;
import io.ove.channel.Sender;
import io.ove.channel.spring.definitions.DeclaredChannels;
import io.ove.channel.spring.lifecycle.ChannelLifecycle;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;

/**
 * A context whose start fails half-way, after the channels were created (a bad bean) or even
 * after the listeners started (a later lifecycle bean failing), leaves no listener thread and no
 * open channel behind.
 */
@Timeout(60)
class FailedStartTests {

    private static final AtomicReference<DeclaredChannels> CREATED = new AtomicReference<>();

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OveChannelAutoConfiguration.class))
            .withPropertyValues("ove.channel.channels.orders.capacity=4")
            .withBean(CapturingPostProcessor.class)
            .withBean(Listener.class);

    @Test
    void aBadBeanAfterTheChannelsWereCreatedLeavesNoOpenChannel() {
        contextRunner.withBean(BadBean.class).run(context -> {
            assertThat(context).hasFailed();
            assertClosedAndThreadless();
        });
    }

    @Test
    void aLifecycleFailingAfterTheListenersStartedLeavesNoThreadAndNoOpenChannel() {
        contextRunner.withBean(FailingLifecycle.class).run(context -> {
            assertThat(context).hasFailed();
            assertClosedAndThreadless();
        });
    }

    private static void assertClosedAndThreadless() {
        DeclaredChannels channels = CREATED.getAndSet(null);
        assertThat(channels).as("the channels were created before the failure").isNotNull();
        channels.channels().values().forEach(channel -> {
            assertThat(channel.state()).isEqualTo(ChannelState.CLOSED_FOR_RECEIVING);
            assertThat(channel.stats().liveSenders()).as("live senders").isZero();
            assertThat(channel.stats().liveReceivers()).as("live receivers").isZero();
        });
        ListenerThreads.await("listener threads end", () -> ListenerThreads.liveListenerThreads().isEmpty());
    }

    static class CapturingPostProcessor implements BeanPostProcessor {
        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (bean instanceof DeclaredChannels channels) {
                CREATED.set(channels);
            }
            return bean;
        }
    }

    static class Listener {
        @ChannelListener(channel = "orders", concurrency = "2")
        void process(String message) {
        }
    }

    static class BadBean {
        BadBean(Sender<String> ordersSender) {
            throw new IllegalStateException("this bean cannot start (it was given " + ordersSender + ")");
        }
    }

    static class FailingLifecycle implements SmartLifecycle {
        @Override
        public void start() {
            throw new IllegalStateException("a later lifecycle fails to start");
        }

        @Override
        public void stop() {
        }

        @Override
        public boolean isRunning() {
            return false;
        }

        @Override
        public int getPhase() {
            return ChannelLifecycle.PHASE + 1;
        }
    }
}
