package io.ove.channel.rabbitmq;

/**
 * A message taken from a broker channel and not yet acknowledged: the broker keeps it until
 * {@link #acknowledge()}, and gives it to another consumer if this JVM dies first or calls
 * {@link #requeue()}. This is how a listener gets at-least-once delivery: it acknowledges after its
 * method returned (or after the error handler dealt with the failure).
 *
 * @param <T> the message type
 */
public final class RabbitDelivery<T> {

    private final T message;
    private final Delivery delivery;

    RabbitDelivery(T message, Delivery delivery) {
        this.message = message;
        this.delivery = delivery;
    }

    /** {@return the message, decoded} */
    public T message() {
        return message;
    }

    /**
     * Tells the broker the message is done with.
     *
     * @return {@code false} if the broker channel it came on closed meanwhile (a broker restart): the
     *         broker then delivers the message again, to this JVM or another
     */
    public boolean acknowledge() {
        return delivery.acknowledge();
    }

    /** Gives the message back to the queue, for this or another consumer to take again. */
    public void requeue() {
        delivery.requeue();
    }

    /** {@return whether the broker delivered this message before (to a consumer that did not acknowledge it)} */
    public boolean redelivered() {
        Boolean flag = delivery.message().getMessageProperties().getRedelivered();
        return flag != null && flag;
    }
}
