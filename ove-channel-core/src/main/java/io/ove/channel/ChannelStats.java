package io.ove.channel;

/**
 * A snapshot of a channel's statistics, read without locking the channel. Each figure is exact
 * when the channel is quiet; while it is busy the figures are read one after another and may be a
 * few operations apart, but none is ever torn or out of its range.
 *
 * <p>At any quiet moment {@code sent == received + evicted + undelivered + depth}.
 *
 * @param name          the channel's name
 * @param capacity      the most messages it holds
 * @param depth         messages buffered now
 * @param liveSenders   open {@link Sender} handles
 * @param liveReceivers open {@link Receiver} handles
 * @param sent          messages accepted since creation
 * @param received      messages taken by receivers since creation, including those a
 *                      {@code drainTo} target refused (they had left the channel; the
 *                      undelivered handler is told about them)
 * @param fullDrops     sends refused because the channel was full (try-sends, timed-out sends,
 *                      drop-newest refusals) plus messages evicted by drop-oldest
 * @param closedDrops   sends refused because the channel was closed for sending
 * @param evicted       messages evicted by {@link OverflowPolicy#DROP_OLDEST} (also in
 *                      {@code fullDrops})
 * @param undelivered   accepted messages that were still buffered when the receiving side closed
 * @param leakedHandles handles released by the garbage collector because nobody closed them
 * @param state         the channel's state
 */
public record ChannelStats(
        String name,
        int capacity,
        int depth,
        int liveSenders,
        int liveReceivers,
        long sent,
        long received,
        long fullDrops,
        long closedDrops,
        long evicted,
        long undelivered,
        long leakedHandles,
        ChannelState state) {
}
