package io.sendgate.api.edge;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The browser sessions of C37: a page that was given the API token once gets a random session id in an
 * HttpOnly, SameSite=Strict cookie, so that its fetches and its EventSource (which cannot send an
 * Authorization header) are authenticated, and the token itself never sits in the browser. Sessions live
 * in memory, for a bounded time and number; a restart ends them.
 */
public final class Sessions {
    static final Duration LIFETIME = Duration.ofHours(12);
    static final int MAX_SESSIONS = 1024;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> live = new ConcurrentHashMap<>();
    private final Clock clock;

    public Sessions(Clock clock) {
        this.clock = clock;
    }

    /** A new session id; the oldest sessions make room when there are too many. */
    public String open() {
        Instant now = clock.instant();
        live.values().removeIf(expiry -> expiry.isBefore(now));
        while (live.size() >= MAX_SESSIONS) {
            Iterator<Map.Entry<String, Instant>> oldest = live.entrySet().stream()
                    .sorted(Map.Entry.comparingByValue()).iterator();
            live.remove(oldest.next().getKey());
        }
        byte[] id = new byte[32];
        random.nextBytes(id);
        String session = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        live.put(session, now.plus(LIFETIME));
        return session;
    }

    public boolean valid(String session) {
        if (session == null) {
            return false;
        }
        Instant expiry = live.get(session);
        return expiry != null && expiry.isAfter(clock.instant());
    }

    public void close(String session) {
        if (session != null) {
            live.remove(session);
        }
    }
}
