package io.ove.channel.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import io.ove.channel.spring.ChannelListener;
import io.ove.channel.spring.Order;
import io.ove.channel.spring.OveChannelAutoConfiguration;
import io.ove.channel.spring.SendTo;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** {@link SendTo}: what a listener returns goes to another channel, and closes after its source. */
@Timeout(60)
@ExtendWith(OutputCaptureExtension.class)
class ReplyTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OveChannelAutoConfiguration.class))
            .withPropertyValues("ove.channel.channels.orders.capacity=64",
                    "ove.channel.channels.orders.type=" + Order.class.getName(),
                    "ove.channel.channels.invoices.capacity=64",
                    "ove.channel.channels.invoices.type=java.lang.String");

    @Test
    void returnedValueIsSentToTheSendToChannelAndNullSendsNothing() {
        contextRunner.withBean("billing", Billing.class).run(context -> {
            Sender<Order> tx = context.getBean("ordersSender", Sender.class);
            tx.send(new Order(0));
            tx.send(new Order(1));
            Receiver<?> invoices = context.getBean("invoicesReceiver", Receiver.class);
            assertThat(invoices.recv(10, TimeUnit.SECONDS)).isEqualTo("invoice 1");
            assertThat(invoices.tryRecv()).as("order 0 returned null").isNull();
        });
    }

    @Test
    void repliesOfMessagesDrainedAtShutdownStillArrive() {
        contextRunner.withBean("billing", Billing.class).withBean("archive", InvoiceArchive.class).run(context -> {
            ChannelListenerRegistry registry = context.getBean(ChannelListenerRegistry.class);
            registry.pause("billing.bill");
            Sender<Order> tx = context.getBean("ordersSender", Sender.class);
            for (long i = 1; i <= 20; i++) {
                tx.send(new Order(i));
            }
            InvoiceArchive archive = context.getBean(InvoiceArchive.class);
            context.close();
            // The paused listener drains at shutdown, and the invoices channel closes after it.
            assertThat(archive.invoices).hasSize(20);
        });
    }

    @Test
    void valueReturnedWithoutSendToIsAStartUpWarning(CapturedOutput output) {
        contextRunner.withBean("forgetful", Forgetful.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(output).contains("Forgetful.onOrder returns java.lang.String, which is dropped",
                    "@SendTo(\"<channel>\")");
        });
    }

    static class Billing {
        @ChannelListener(channel = "orders")
        @SendTo("invoices")
        String bill(Order order) {
            return order.id() == 0 ? null : "invoice " + order.id();
        }
    }

    static class InvoiceArchive {
        final java.util.List<String> invoices = new java.util.concurrent.CopyOnWriteArrayList<>();

        @ChannelListener(channel = "invoices")
        void keep(String invoice) {
            invoices.add(invoice);
        }
    }

    static class Forgetful {
        @ChannelListener(channel = "orders")
        String onOrder(Order order) {
            return "processed " + order.id();
        }
    }
}
