package io.ove.channel.spring.definitions;

import io.ove.channel.shm.Codec;
import java.nio.ByteBuffer;
import org.springframework.beans.factory.BeanFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default codec of shared-memory channels: JSON written and read by the application's own
 * {@link JsonMapper} (so its modules and settings apply), decoding into the channel's declared
 * {@code type}, or into maps, lists and scalars when none is declared.
 */
final class JsonCodec implements Codec<Object> {

    private final JsonMapper mapper;
    private final Class<?> type;

    private JsonCodec(JsonMapper mapper, Class<?> type) {
        this.mapper = mapper;
        this.type = type;
    }

    /** A codec over the application's {@link JsonMapper}, or a default one if it has none. */
    static JsonCodec of(BeanFactory beans, Class<?> type) {
        return new JsonCodec(beans.getBeanProvider(JsonMapper.class).getIfAvailable(JsonMapper::new), type);
    }

    @Override
    public void encode(Object message, ByteBuffer target) {
        target.put(mapper.writeValueAsBytes(message)); // BufferOverflowException when too big: refused by the sender
    }

    @Override
    public Object decode(ByteBuffer source) {
        return mapper.readValue(source.array(), source.arrayOffset() + source.position(), source.remaining(), type);
    }
}
