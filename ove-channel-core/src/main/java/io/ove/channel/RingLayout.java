package io.ove.channel;

/*
 * Cache-line padding for the ring's two hot counters. The JVM lays out a superclass's fields before
 * its subclass's, so a chain of small classes keeps `head` and `tail` at least 128 bytes away from
 * each other and from every other field of Ring: consumers hammer `head`, producers `tail`, and if
 * both sat in one cache line every operation of one side would evict the other side's line. 128
 * rather than 64 bytes because adjacent-line prefetching on x86 pulls lines in pairs.
 */

/** Padding before {@code head}. */
abstract class RingPadBeforeHead {
    long p00, p01, p02, p03, p04, p05, p06, p07;
    long p08, p09, p10, p11, p12, p13, p14, p15;
}

/** Holds the consumers' counter. */
abstract class RingHead extends RingPadBeforeHead {
    /** Lap and index of the next slot to read; written only by CAS. */
    volatile long head;
}

/** Padding between {@code head} and {@code tail}. */
abstract class RingPadBetween extends RingHead {
    long p20, p21, p22, p23, p24, p25, p26, p27;
    long p28, p29, p30, p31, p32, p33, p34, p35;
}

/** Holds the producers' counter. */
abstract class RingTail extends RingPadBetween {
    /** Mark bit, lap and index of the next slot to write; written only by CAS or atomic OR. */
    volatile long tail;
}

/** Padding after {@code tail}. */
abstract class RingPadAfterTail extends RingTail {
    long p40, p41, p42, p43, p44, p45, p46, p47;
    long p48, p49, p50, p51, p52, p53, p54, p55;
}
