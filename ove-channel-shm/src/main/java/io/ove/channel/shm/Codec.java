package io.ove.channel.shm;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Turns the messages of a shared channel into byte payloads and back. Every process on a channel
 * must use codecs that agree on the bytes (the C side sees only the bytes).
 *
 * <p>{@code encode} writes into a buffer of exactly the channel's maximum message size; a message
 * whose encoded form does not fit makes it throw {@link java.nio.BufferOverflowException}, and the
 * send is refused with an {@link IllegalArgumentException} that names the channel and the limit.
 * The buffers are reused by the calling thread: a codec must not keep them.
 *
 * @param <T> the message type
 */
public interface Codec<T> {

    /**
     * Writes {@code message} into {@code target}, from its position on.
     *
     * @param message the message, not {@code null}
     * @param target  where to write; its remaining bytes are the channel's maximum message size
     */
    void encode(T message, ByteBuffer target);

    /**
     * Reads a message from {@code source}, between its position and its limit.
     *
     * @param source the payload
     * @return the message, not {@code null}
     */
    T decode(ByteBuffer source);

    /** {@return a codec that carries byte arrays as they are} */
    static Codec<byte[]> bytes() {
        return new Codec<>() {
            @Override
            public void encode(byte[] message, ByteBuffer target) {
                target.put(message);
            }

            @Override
            public byte[] decode(ByteBuffer source) {
                byte[] message = new byte[source.remaining()];
                source.get(message);
                return message;
            }
        };
    }

    /** {@return a codec that carries strings as UTF-8 bytes} */
    static Codec<String> utf8() {
        return new Codec<>() {
            @Override
            public void encode(String message, ByteBuffer target) {
                target.put(message.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public String decode(ByteBuffer source) {
                return StandardCharsets.UTF_8.decode(source).toString();
            }
        };
    }
}
