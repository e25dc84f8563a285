package io.ove.channel;

import java.util.concurrent.TimeUnit;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Linearizability of the channel's operations against {@link ChannelModel}, with Lincheck's model
 * checker (systematic interleavings, including at every volatile access and CAS) and its stress
 * mode (real threads).
 *
 * <p>The blocking operations appear with a zero timeout ({@code sendWithoutWaiting},
 * {@code recvWithoutWaiting}): they run the same code as a blocking call up to the point of
 * parking, including the closed checks. Calls that park indefinitely are outside what Lincheck
 * can check in random scenarios (one in which no peer ever sends would be reported as a hang
 * rather than as a valid blocking outcome), so parking calls are checked in the hand-written
 * scenarios of {@link LincheckBlockingScenariosTest}.
 *
 * <p>Left out on purpose, with the reason:
 * <ul>
 *   <li>{@code size()} is a monitoring snapshot that counts a message from the moment a producer
 *       claims its slot, slightly before the send is linearized.</li>
 *   <li>{@link BoundedQueue#closeReceiving()}, the management operation that closes the receiving
 *       side while receivers may still run, is not atomic by design: it marks the channel closed
 *       for sending, then drains, and a receiver racing the drain may still take a message the
 *       drain has not reached. Each message is then received or reported undelivered, never both
 *       and never neither, which {@link ClosingTest} checks under concurrency. Closing the last
 *       {@link Receiver} handle, the normal way, leaves no receiver to race.</li>
 * </ul>
 */
@Param(name = "value", gen = IntGen.class, conf = "1:3")
@Timeout(300)
public class LincheckChannelTest {

    static final int CAPACITY = 2;

    private final Channel<Integer> channel = Channel.<Integer>builder(CAPACITY)
            .onUndelivered((message, reason) -> { })
            .build();
    private final Sender<Integer> tx = channel.sender();
    private final Receiver<Integer> rx = channel.receiver();

    @Operation
    public String trySend(@Param(name = "value") int value) {
        return tx.trySend(value).name();
    }

    @Operation
    public String sendWithoutWaiting(@Param(name = "value") int value) throws InterruptedException {
        try {
            return tx.send(value, 0, TimeUnit.NANOSECONDS).name();
        } catch (ChannelClosedException closed) {
            return SendResult.CLOSED.name();
        }
    }

    @Operation
    public Integer tryRecv() {
        return rx.tryRecv();
    }

    @Operation
    public String recvWithoutWaiting() throws InterruptedException {
        try {
            Integer message = rx.recv(0, TimeUnit.NANOSECONDS);
            return message == null ? "EMPTY" : String.valueOf(message);
        } catch (ChannelClosedException closed) {
            return "CLOSED";
        }
    }

    @Operation
    public void closeSending() {
        channel.closeSending();
    }

    @Operation
    public String state() {
        return channel.state().name();
    }

    @Test
    void operationsAreLinearizableUnderModelChecking() {
        LinChecker.check(LincheckChannelTest.class, new ModelCheckingOptions()
                .iterations(20)
                .invocationsPerIteration(200)
                .threads(2)
                .actorsPerThread(3)
                // Few set-up operations: a random close before the parallel part would hide races.
                .actorsBefore(1)
                .sequentialSpecification(ChannelModel.class));
    }

    @Test
    void operationsAreLinearizableUnderStress() {
        LinChecker.check(LincheckChannelTest.class, new StressOptions()
                .iterations(30)
                .invocationsPerIteration(2_000)
                .threads(3)
                .actorsPerThread(3)
                .sequentialSpecification(ChannelModel.class));
    }
}
