package io.ove.channel;

import java.util.ArrayDeque;

/**
 * The sequential specification for {@link LincheckBlockingScenariosTest}: a call that would have
 * to wait in a sequential run throws, so Lincheck rejects every ordering in which a blocking call
 * completes while it should still be waiting.
 */
public final class BlockingChannelModel {

    private final ArrayDeque<Integer> buffer = new ArrayDeque<>();
    private boolean sendingClosed;

    public String send(int value) {
        if (sendingClosed) {
            return "CLOSED";
        }
        if (buffer.size() == LincheckBlockingScenariosTest.CAPACITY) {
            throw new IllegalStateException("send would still be waiting for room");
        }
        buffer.addLast(value);
        return "SENT";
    }

    public String recv() {
        Integer message = buffer.pollFirst();
        if (message != null) {
            return String.valueOf(message);
        }
        if (sendingClosed) {
            return "CLOSED";
        }
        throw new IllegalStateException("recv would still be waiting for a message");
    }

    public Integer tryRecv() {
        return buffer.pollFirst();
    }

    public void closeSending() {
        sendingClosed = true;
    }
}
