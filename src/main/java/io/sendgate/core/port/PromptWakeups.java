package io.sendgate.core.port;

/**
 * A request to the platform's scheduler for a thread that sleeps most of the time and whose wake-ups someone
 * waits on, such as an event stream's writer (C17): to run it soon after it is woken, rather than once the
 * thread running then has used up its turn.
 */
public interface PromptWakeups {
    /** For platforms that take no such request. */
    PromptWakeups NONE = () -> false;

    /**
     * Asks for the calling thread. It never fails: where the platform refuses, the thread stays as it was.
     *
     * @return whether the platform took the request
     */
    boolean requestForCurrentThread();
}
