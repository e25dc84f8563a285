package io.ove.channel;

import java.lang.reflect.Method;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Linearizability of the blocking {@code send} and {@code recv}, parking included, against
 * {@link BlockingChannelModel}.
 *
 * <p>Lincheck cannot tell a call that blocks forever by design from a hang, so blocking calls
 * are checked in hand-written scenarios in which every one of them is eventually satisfied (a
 * peer sends, receives or closes), rather than in random ones. The channel has capacity 1, so
 * senders park too.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:9")
@Timeout(300)
public class LincheckBlockingScenariosTest {

    static final int CAPACITY = 1;

    private final Channel<Integer> channel = Channel.bounded(CAPACITY);

    @Operation
    public String send(@Param(name = "value") int value) throws InterruptedException {
        try {
            return channel.sender().send(value).name();
        } catch (ChannelClosedException closed) {
            return "CLOSED";
        }
    }

    @Operation
    public String recv() throws InterruptedException {
        try {
            return String.valueOf(channel.receiver().recv());
        } catch (ChannelClosedException closed) {
            return "CLOSED";
        }
    }

    @Operation
    public Integer tryRecv() {
        return channel.receiver().tryRecv();
    }

    @Operation
    public void closeSending() {
        channel.closeSending();
    }

    @Test
    void blockingCallsAreLinearizableUnderStress() throws Exception {
        StressOptions options = new StressOptions()
                .iterations(0)
                .invocationsPerIteration(3_000)
                .sequentialSpecification(BlockingChannelModel.class);
        for (ExecutionScenario scenario : scenarios()) {
            options.addCustomScenario(scenario);
        }
        LinChecker.check(LincheckBlockingScenariosTest.class, options);
    }

    /** Scenarios in which every blocking call is eventually satisfied. */
    private static List<ExecutionScenario> scenarios() throws NoSuchMethodException {
        return List.of(
                // A receiver parks until a sender arrives; the second send parks until it has room.
                scenario(List.of(),
                        List.of(List.of(actor("recv"), actor("tryRecv")), List.of(actor("send", 1), actor("send", 2)))),
                // Two receivers park; each send wakes one.
                scenario(List.of(),
                        List.of(List.of(actor("recv")), List.of(actor("recv")), List.of(actor("send", 1), actor("send", 2)))),
                // A full channel: the sender parks until a receiver makes room.
                scenario(List.of(actor("send", 3)),
                        List.of(List.of(actor("send", 4)), List.of(actor("recv"), actor("recv")))),
                // Closing wakes a parked receiver with "closed" once the channel is drained.
                scenario(List.of(actor("send", 5)),
                        List.of(List.of(actor("recv"), actor("recv")), List.of(actor("closeSending")))),
                // Closing wakes a parked sender with "closed".
                scenario(List.of(actor("send", 6)),
                        List.of(List.of(actor("send", 7)), List.of(actor("closeSending"), actor("tryRecv")))));
    }

    private static ExecutionScenario scenario(List<Actor> init, List<List<Actor>> parallel) {
        return new ExecutionScenario(init, parallel, List.of(), null);
    }

    private static Actor actor(String name, Object... arguments) throws NoSuchMethodException {
        for (Method method : LincheckBlockingScenariosTest.class.getMethods()) {
            if (method.getName().equals(name)) {
                return new Actor(method, List.of(arguments));
            }
        }
        throw new NoSuchMethodException(name);
    }
}
