package io.sendgate.core;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The record of overlapped operations that polling, waiting and event streams all read: every
 * pending operation, and the ended ones in completion order, retained by count and age (C19).
 */
public final class CompletionLog {
    /** What a lookup by id found. */
    public enum Presence { FOUND, GONE, UNKNOWN }

    private final Clock clock;
    private final int retainedCount;
    private final java.time.Duration retention;
    private final AtomicLong lastId = new AtomicLong();
    private final Map<Long, Operation> byId = new ConcurrentHashMap<>();
    private final ArrayDeque<CompletionEvent> ended = new ArrayDeque<>();
    private final List<Consumer<CompletionEvent>> subscribers = new CopyOnWriteArrayList<>();
    private long lastSequence;

    public CompletionLog(Limits limits, Clock clock) {
        this.clock = clock;
        this.retainedCount = limits.retainedOperations();
        this.retention = limits.operationRetention();
    }

    /** Gives a newly accepted overlapped operation its id and makes it readable. */
    void register(Operation op) {
        long id = lastId.incrementAndGet();
        op.assignId(id);
        byId.put(id, op);
    }

    /**
     * Records an operation's end. Called under its socket's lock, so one socket's completions are
     * numbered in the order they ended (C18); subscribers must not block.
     */
    void append(Operation op) {
        CompletionEvent event;
        synchronized (ended) {
            event = new CompletionEvent(++lastSequence, op);
            ended.addLast(event);
            evict(clock.instant());
        }
        for (Consumer<CompletionEvent> s : subscribers) {
            s.accept(event);
        }
    }

    public Operation find(long id) {
        return byId.get(id);
    }

    public Presence presence(long id) {
        synchronized (ended) {
            evict(clock.instant());
        }
        if (byId.containsKey(id)) {
            return Presence.FOUND;
        }
        return id > 0 && id <= lastId.get() ? Presence.GONE : Presence.UNKNOWN;
    }

    /** Ended operations with a sequence above {@code after}, oldest first. */
    public List<CompletionEvent> since(long after) {
        synchronized (ended) {
            evict(clock.instant());
            List<CompletionEvent> out = new ArrayList<>();
            for (CompletionEvent e : ended) {
                if (e.sequence() > after) {
                    out.add(e);
                }
            }
            return out;
        }
    }

    /** The lowest sequence still retained, or the next one to come when none is. */
    public long oldestRetainedSequence() {
        synchronized (ended) {
            evict(clock.instant());
            return ended.isEmpty() ? lastSequence + 1 : ended.peekFirst().sequence();
        }
    }

    public long lastSequence() {
        synchronized (ended) {
            return lastSequence;
        }
    }

    public void subscribe(Consumer<CompletionEvent> subscriber) {
        subscribers.add(subscriber);
    }

    public void unsubscribe(Consumer<CompletionEvent> subscriber) {
        subscribers.remove(subscriber);
    }

    private void evict(Instant now) {
        Instant oldestKept = now.minus(retention);
        while (!ended.isEmpty()) {
            CompletionEvent first = ended.peekFirst();
            boolean tooMany = ended.size() > retainedCount;
            if (!tooMany && !first.operation().completedAt().isBefore(oldestKept)) {
                break;
            }
            ended.removeFirst();
            byId.remove(first.operation().id());
        }
    }
}
