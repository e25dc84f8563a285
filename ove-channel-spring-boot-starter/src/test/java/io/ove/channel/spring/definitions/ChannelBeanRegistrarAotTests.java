package io.ove.channel.spring.definitions;

import static org.assertj.core.api.Assertions.assertThat;

import io.ove.channel.SendResult;
import io.ove.channel.Sender;
import io.ove.channel.spring.ChannelListener;
import io.ove.channel.spring.ListenerThreads;
import io.ove.channel.spring.Order;
import io.ove.channel.spring.OveChannelAutoConfiguration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.core.SpringProperties;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.javapoet.ClassName;

/**
 * Runs Spring AOT processing on an application with channels and a listener, compiles the
 * generated code, and starts the application from it in AOT mode, as a native image or
 * {@code -Dspring.aot.enabled=true} would.
 */
@CompileWithForkedClassLoader
@Timeout(120)
class ChannelBeanRegistrarAotTests {

    @Test
    void anApplicationWithChannelsAndListenersStartsFromAotGeneratedCode() {
        GenericApplicationContext buildTime = new AnnotationConfigApplicationContext();
        TestPropertyValues.of("ove.channel.channels.orders.capacity=4",
                "ove.channel.channels.orders.type=" + Order.class.getName(),
                "ove.channel.channels.raw.capacity=4").applyTo(buildTime);
        buildTime.registerBean(AotApplication.class);
        TestGenerationContext generationContext = new TestGenerationContext(AotApplication.class);
        ClassName initializerName = new ApplicationContextAotGenerator().processAheadOfTime(buildTime,
                generationContext);
        generationContext.writeGeneratedContent();
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listener.class, "process"))
                .as("a reflection hint for the listener method").accepts(generationContext.getRuntimeHints());

        TestCompiler.forSystem().with(generationContext).compile(compiled -> {
            SpringProperties.setProperty("spring.aot.enabled", "true");
            GenericApplicationContext runTime = new GenericApplicationContext();
            try {
                // The capacity comes from the running application's environment, not the build's.
                TestPropertyValues.of("ove.channel.channels.orders.capacity=8",
                        "ove.channel.channels.orders.type=" + Order.class.getName(),
                        "ove.channel.channels.raw.capacity=4").applyTo(runTime);
                @SuppressWarnings("unchecked")
                ApplicationContextInitializer<GenericApplicationContext> initializer = compiled.getInstance(
                        ApplicationContextInitializer.class, initializerName.toString());
                initializer.initialize(runTime);
                runTime.refresh();
                @SuppressWarnings("unchecked")
                Sender<Order> orders = (Sender<Order>) runTime.getBeanProvider(
                        ResolvableType.forClassWithGenerics(Sender.class, Order.class)).getObject();
                assertThat(orders.capacity()).isEqualTo(8);
                assertThat(orders.trySend(new Order(7))).isEqualTo(SendResult.SENT);
                Listener listener = runTime.getBean(Listener.class);
                ListenerThreads.await("the listener started from generated code receives the order",
                        () -> listener.seen.contains(7L));
                assertThat(runTime.getBeanNamesForType(ResolvableType.forClassWithGenerics(Sender.class,
                        Order.class))).containsExactly("ordersSender");
            } finally {
                runTime.close();
                SpringProperties.setProperty("spring.aot.enabled", null);
            }
        });
    }

    @Configuration(proxyBeanMethods = false)
    @Import({OveChannelAutoConfiguration.class, Listener.class})
    static class AotApplication {
    }

    static class Listener {
        final Set<Long> seen = ConcurrentHashMap.newKeySet();

        @ChannelListener(channel = "orders")
        void process(Order order) {
            seen.add(order.id());
        }
    }
}
