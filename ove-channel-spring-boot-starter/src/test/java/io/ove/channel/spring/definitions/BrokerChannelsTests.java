package io.ove.channel.spring.definitions;

import static org.assertj.core.api.Assertions.assertThat;

import io.ove.channel.rabbitmq.RabbitChannelException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.AmqpAuthenticationException;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.AmqpIOException;

/** Which failures to open a broker channel are worth waiting for at start-up: decided by type, not by message. */
class BrokerChannelsTests {

    private static RabbitChannelException opening(Throwable cause) {
        return new RabbitChannelException("broker channel 'orders': could not declare queue 'orders'", cause);
    }

    @Test
    void noBrokerAtTheAddressIsUnreachableHoweverTheClientWordsIt() {
        assertThat(BrokerChannels.unreachable(opening(new AmqpConnectException(new ConnectException("Verbindung abgelehnt")))))
                .isTrue();
        assertThat(BrokerChannels.unreachable(opening(new ConnectException("refused")))).isTrue();
        assertThat(BrokerChannels.unreachable(opening(new AmqpIOException(new UnknownHostException("rabbit")))))
                .isTrue();
    }

    @Test
    void aBrokerThatAnsweredAndRefusedIsNotWaitedFor() {
        assertThat(BrokerChannels.unreachable(opening(new AmqpAuthenticationException(
                new AmqpConnectException(new ConnectException("ACCESS_REFUSED")))))).isFalse();
        assertThat(BrokerChannels.unreachable(opening(new AmqpIOException(new IOException("PRECONDITION_FAILED")))))
                .isFalse();
        assertThat(BrokerChannels.unreachable(new RabbitChannelException("Connection refused, says the text only",
                null))).isFalse();
    }
}
