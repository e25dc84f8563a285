/**
 * Bounded multi-producer / multi-consumer channels with cloneable {@link io.ove.channel.Sender}
 * and {@link io.ove.channel.Receiver} halves.
 *
 * <p>Start with {@link io.ove.channel.Channel#bounded(int)}:
 * <pre>{@code
 * Channel<String> channel = Channel.bounded(256);
 * try (Sender<String> tx = channel.sender(); Receiver<String> rx = channel.receiver()) {
 *     tx.send("hello");
 *     String message = rx.recv();
 * }
 * }</pre>
 *
 * <h2>Memory-ordering vocabulary</h2>
 * Comments on concurrent code in this package name each access with one of these words, so a
 * reviewer can check it against the Java Memory Model without guessing:
 * <table>
 *   <caption>Access modes</caption>
 *   <tr><th>word</th><th>Java form</th><th>what it promises</th></tr>
 *   <tr><td>plain</td><td>ordinary field or array access</td>
 *       <td>nothing across threads; only safe when published by a later release or volatile
 *       write and read after the matching acquire or volatile read</td></tr>
 *   <tr><td>opaque</td><td>{@code VarHandle.getOpaque/setOpaque}</td>
 *       <td>the value is eventually seen and never torn; no ordering with other variables</td></tr>
 *   <tr><td>acquire / release</td><td>{@code getAcquire} / {@code setRelease}</td>
 *       <td>everything written before the release is visible after the acquire that reads
 *       it</td></tr>
 *   <tr><td>volatile</td><td>{@code volatile} field, {@code getVolatile}, {@code setVolatile}</td>
 *       <td>acquire/release plus one total order over all volatile accesses; needed where two
 *       threads each write one variable and read the other (the lost-wake-up checks)</td></tr>
 *   <tr><td>CAS</td><td>{@code compareAndSet}, {@code compareAndExchange}, {@code getAndAdd}</td>
 *       <td>an atomic read-modify-write with volatile semantics</td></tr>
 * </table>
 */
package io.ove.channel;
