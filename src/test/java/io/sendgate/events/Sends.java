package io.sendgate.events;

import io.sendgate.testing.Api;

/** Overlapped sends as these tests submit them: zero-filled buffers of a given size. */
final class Sends {
    private Sends() {
    }

    /** The id of an accepted overlapped send (200 COMPLETED or 202 PENDING); fails the test on anything else. */
    static long accepted(Api api, String socketId, int bytes) {
        Api.Reply r = api.send(socketId, new byte[bytes]);
        if (r.status() != 200 && r.status() != 202) {
            throw new AssertionError("send failed: " + r);
        }
        return r.json().get("id").asLong();
    }
}
