package io.ove.channel.spring.definitions;

import io.ove.channel.Channel;
import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * The static factory methods behind the beans {@link ChannelBeanRegistrar} registers. Factory
 * methods rather than instance suppliers, because Spring AOT turns a factory method into
 * generated code, and a lambda supplier into an error.
 */
final class ChannelBeanFactory {

    private ChannelBeanFactory() {
    }

    /**
     * Reads the declarations again where the bean is created: at run time in AOT mode, so that
     * capacities and the like come from the running application's environment.
     */
    static ChannelDefinitions definitions(Environment environment, ObjectProvider<ChannelDefinition> declaredInJava) {
        return ChannelDefinitions.read(environment, ClassUtils.getDefaultClassLoader(),
                declaredInJava.orderedStream().toList());
    }

    static Channel<Object> channel(String name, DeclaredChannels channels) {
        return channels.channel(name);
    }

    static Sender<Object> sender(String name, DeclaredChannels channels) {
        return channels.channel(name).sender();
    }

    static Receiver<Object> receiver(String name, DeclaredChannels channels) {
        return channels.channel(name).receiver();
    }
}
