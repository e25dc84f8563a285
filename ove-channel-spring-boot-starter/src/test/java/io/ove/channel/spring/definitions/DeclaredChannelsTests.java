package io.ove.channel.spring.definitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.ove.channel.ChannelState;
import io.ove.channel.OverflowPolicy;
import io.ove.channel.UndeliveredReason;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class DeclaredChannelsTests {

    private final List<String> undelivered = new CopyOnWriteArrayList<>();
    private final DeclaredChannels channels = new DeclaredChannels(new ChannelDefinitions(List.of(
            new ChannelDefinition("orders", 1, null, OverflowPolicy.DROP_OLDEST, Duration.ofMillis(5), null, true)),
            Duration.ofSeconds(1)), () -> (channel, message, reason) -> undelivered.add(channel + ":" + message + ":" + reason));

    @Test
    void channelsAreBuiltFromTheirDefinitions() {
        assertThat(channels.channel("orders").capacity()).isEqualTo(1);
        assertThat(channels.channel("orders").storage().overflowPolicy()).isEqualTo(OverflowPolicy.DROP_OLDEST);
        assertThat(channels.channel("orders").storage().sendTimeout()).isEqualTo(Duration.ofMillis(5));
        assertThat(channels.all()).extracting(ChannelDefinition::name).containsExactly("orders");
        assertThatIllegalArgumentException().isThrownBy(() -> channels.channel("nope"))
                .withMessageContaining("no channel named 'nope'").withMessageContaining("[orders]");
    }

    @Test
    void undeliveredMessagesReachTheHandlerWithChannelAndReason() throws Exception {
        channels.channel("orders").sender().send("a");
        channels.channel("orders").sender().send("b");
        channels.close();
        assertThat(undelivered).containsExactly("orders:a:" + UndeliveredReason.EVICTED,
                "orders:b:" + UndeliveredReason.RECEIVERS_CLOSED);
        assertThat(channels.channel("orders").state()).isEqualTo(ChannelState.CLOSED_FOR_RECEIVING);
    }

    @Test
    void definitionsLookUpByNameAndListNamesSorted() {
        ChannelDefinitions definitions = new ChannelDefinitions(List.of(
                new ChannelDefinition("b", 1, null, OverflowPolicy.BLOCK, null, null, true),
                new ChannelDefinition("a", 1, null, OverflowPolicy.BLOCK, null, null, false)), Duration.ZERO);
        assertThat(definitions.names()).containsExactly("a", "b");
        assertThat(definitions.find("a").metricsEnabled()).isFalse();
        assertThat(definitions.find("c")).isNull();
        assertThat(definitions.find("b").senderBeanName()).isEqualTo("bSender");
        assertThat(definitions.find("b").receiverBeanName()).isEqualTo("bReceiver");
    }
}
