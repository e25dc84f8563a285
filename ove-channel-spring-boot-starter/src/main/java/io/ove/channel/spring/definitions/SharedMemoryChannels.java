package io.ove.channel.spring.definitions;

import io.ove.channel.Channel;
import io.ove.channel.UndeliveredHandler;
import io.ove.channel.shm.Codec;
import io.ove.channel.shm.SharedMemoryChannel;
import io.ove.channel.shm.SharedMemoryChannelBuilder;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.util.ClassUtils;

/**
 * Opens the declared channels that are shared through a memory-mapped file. Only this class (and
 * {@link JsonCodec}) touch {@code ove-channel-shm}, which the starter depends on optionally; it is
 * loaded when a channel declares {@code shared-memory}, and {@link ChannelDefinitions} has checked
 * by then that the module is present.
 */
final class SharedMemoryChannels {

    private static final boolean JACKSON_PRESENT = ClassUtils.isPresent("tools.jackson.databind.json.JsonMapper",
            SharedMemoryChannels.class.getClassLoader());

    private SharedMemoryChannels() {
    }

    /**
     * Opens {@code definition}'s file with this application's sender and receiver.
     *
     * @throws io.ove.channel.shm.SharedMemoryException if the file cannot be created or opened
     */
    static SharedChannel open(ChannelDefinition definition, BeanFactory beans, UndeliveredHandler<Object> undelivered) {
        SharedMemorySettings settings = definition.sharedMemory();
        SharedMemoryChannelBuilder builder = SharedMemoryChannel.builder(settings.path())
                .capacity(definition.capacity())
                .maxMessageSize(settings.maxMessageSize())
                .overflow(definition.overflow())
                .create(settings.create())
                .stuckTimeout(settings.stuckTimeout())
                .name(definition.name())
                .onUndelivered(undelivered);
        if (definition.sendTimeout() != null) {
            builder.sendTimeout(definition.sendTimeout());
        }
        SharedMemoryChannel<Object> shared = builder.open(codec(definition, beans));
        try {
            Channel<Object> channel = shared.asChannel();
            return new SharedChannel(channel, shared);
        } catch (RuntimeException e) {
            shared.close();
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private static Codec<Object> codec(ChannelDefinition definition, BeanFactory beans) {
        String codec = definition.sharedMemory().codec();
        String property = "ove.channel.channels." + definition.name() + ".shared-memory.codec";
        switch (codec) {
            case "utf8":
                return (Codec<Object>) (Codec<?>) Codec.utf8();
            case "bytes":
                return (Codec<Object>) (Codec<?>) Codec.bytes();
            case "json":
                if (!JACKSON_PRESENT) {
                    throw new InvalidChannelConfigurationException(property, codec,
                            "the json codec uses the application's Jackson, which is not on the classpath",
                            "Add spring-boot-starter-json (or any Jackson 3 databind), or set " + property
                                    + " to utf8, bytes or the name of a Codec bean.", null);
                }
                return JsonCodec.of(beans, definition.type() == null ? Object.class : definition.type());
            default:
                try {
                    return beans.getBean(codec, Codec.class);
                } catch (NoSuchBeanDefinitionException missing) {
                    throw new InvalidChannelConfigurationException(property, codec,
                            "it is neither json, utf8, bytes nor the name of a Codec bean",
                            "Set " + property + " to json, utf8 or bytes, or declare a bean of type "
                                    + "io.ove.channel.shm.Codec named '" + codec + "'.", null);
                }
        }
    }
}
