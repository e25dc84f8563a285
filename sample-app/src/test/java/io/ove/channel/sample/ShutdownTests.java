package io.ove.channel.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ove.channel.Channel;
import io.ove.channel.ChannelStats;
import io.ove.channel.Sender;
import io.ove.channel.spring.lifecycle.ChannelLifecycle;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ResolvableType;

/**
 * Closes the sample while it is overloaded and checks the starter's promise end to end: every
 * order the load generator got accepted was processed, failed in the listener, or was reported
 * undelivered; and no thread or handle of the sample is left behind.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ShutdownTests {

    @Test
    void closingTheOverloadedSampleAccountsForEveryAcceptedOrder() {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        // Command-line arguments: they override application.yaml, which default properties would not.
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
                .run("--server.port=0", "--sample.load-rate=3000", "--sample.processing-delay=5ms",
                        "--ove.channel.shutdown.drain-timeout=1s");
        LoadGenerator load;
        OrderProcessor processor;
        AuditTrail auditTrail;
        ChannelLifecycle lifecycle;
        Channel<?> orders;
        Channel<?> audit;
        try {
            load = context.getBean(LoadGenerator.class);
            processor = context.getBean(OrderProcessor.class);
            auditTrail = context.getBean(AuditTrail.class);
            lifecycle = context.getBean(ChannelLifecycle.class);
            orders = context.getBean("orders", Channel.class);
            audit = context.getBean("audit", Channel.class);
            assertThat(context.getBeanProvider(ResolvableType.forClassWithGenerics(Sender.class, Order.class))
                    .getIfUnique()).isNotNull();

            // Overloaded: two threads at 5 ms an order take about 400 a second out of 3,000.
            Channel<?> filling = orders;
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    filling.stats().fullDrops() > 0 && filling.stats().depth() >= filling.capacity() * 9 / 10);
        } finally {
            context.close();
        }

        ChannelStats stats = orders.stats();
        long listenerErrors = lifecycle.listeners().stream().mapToLong(ChannelLifecycle.ListenerStatus::errors).sum();
        assertThat(stats.sent()).isEqualTo(load.accepted());
        assertThat(processor.processed() + listenerErrors + stats.undelivered()).isEqualTo(stats.sent());
        assertThat(stats.undelivered()).as("a 1 s drain cannot empty 1,000 orders at 400 a second").isPositive();
        for (Channel<?> channel : new Channel<?>[] {orders, audit}) {
            assertThat(channel.stats().liveSenders()).as("%s senders", channel.name()).isZero();
            assertThat(channel.stats().liveReceivers()).as("%s receivers", channel.name()).isZero();
        }
        assertThat(auditTrail.isRunning()).isFalse();
        // Only this context's threads: other test classes' cached contexts may still run theirs.
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(thread -> !before.contains(thread))
                .noneMatch(thread -> thread.getName().startsWith("sample-") || thread.getName().startsWith("ove-listener-"));
    }
}
