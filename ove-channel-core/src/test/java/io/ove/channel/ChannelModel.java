package io.ove.channel;

import java.util.ArrayDeque;

/**
 * The sequential specification that {@link LincheckChannelTest} compares the channel against: the
 * channel's rules written as the simplest single-threaded code, with the same operation methods.
 */
public final class ChannelModel {

    private final ArrayDeque<Integer> buffer = new ArrayDeque<>();
    private boolean sendingClosed;

    public String trySend(int value) {
        if (sendingClosed) {
            return "CLOSED";
        }
        if (buffer.size() == LincheckChannelTest.CAPACITY) {
            return "FULL";
        }
        buffer.addLast(value);
        return "SENT";
    }

    public String sendWithoutWaiting(int value) {
        return trySend(value);
    }

    public Integer tryRecv() {
        return buffer.pollFirst();
    }

    public String recvWithoutWaiting() {
        Integer message = buffer.pollFirst();
        if (message != null) {
            return String.valueOf(message);
        }
        return sendingClosed ? "CLOSED" : "EMPTY";
    }

    public void closeSending() {
        sendingClosed = true;
    }

    public String state() {
        return sendingClosed ? ChannelState.CLOSED_FOR_SENDING.name() : ChannelState.OPEN.name();
    }
}
