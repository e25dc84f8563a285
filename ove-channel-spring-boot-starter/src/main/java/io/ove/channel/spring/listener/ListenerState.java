package io.ove.channel.spring.listener;

/** Where a listener stands, as the registry and the {@code channels} endpoint report it. */
public enum ListenerState {

    /** Its threads take messages. */
    RUNNING,

    /** Its threads are alive but take no message until resumed. */
    PAUSED,

    /** No thread of it runs: not started yet, stopped, or finished at shutdown. */
    STOPPED
}
