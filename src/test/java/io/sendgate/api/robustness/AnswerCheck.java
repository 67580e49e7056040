package io.sendgate.api.robustness;

import io.sendgate.core.WsaError;
import io.sendgate.testing.ProblemAnswers;
import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.sendgate.api.robustness.Request.FAULT;
import static io.sendgate.api.robustness.Request.INVAL;

/**
 * Checks each answer as it comes: no 5xx but the documented gateway and availability ones, a problem detail
 * with a WSA name and number for every error, the status and code the request must draw where the test
 * knows them, and for a success the documented JSON shape.
 */
final class AnswerCheck {
    /**
     * The only 5xx any input may draw, each only where the request says it may ({@link Request#gateway}):
     * 502 for an open whose target refuses or cannot be reached (WSAECONNREFUSED..., C1, C34); 503 for a send
     * whose bytes the budget cannot hold at that moment (WSAENOBUFS, C28, C39) and for an event stream past
     * max-subscribers (WSAEMFILE, C38); 504 for an accept whose bounded wait ran out (WSAETIMEDOUT, C38).
     * Besides them, README's table gives the container's 501 (a transfer coding it does not implement) and 505
     * (an HTTP version other than 1.0 and 1.1), both WSAEOPNOTSUPP, to the framing mutations that draw them.
     */
    private static final Set<Integer> GATEWAY = Set.of(502, 503, 504, 501, 505);
    private static final Pattern CONTRADICTION = Pattern.compile("must be (an? [a-z]+), not \\1\\b");

    /** README's table: the WSA codes that go with each status (empty: any code of the socket's state). */
    private static final Map<Integer, Set<String>> CODES_BY_STATUS = Map.ofEntries(
            Map.entry(400, Set.of(FAULT, INVAL, "WSAEOPNOTSUPP", "WSAEMSGSIZE", "WSAHOST_NOT_FOUND", "WSAEAFNOSUPPORT",
                    "WSAEPROTONOSUPPORT", "WSAEADDRNOTAVAIL", "WSAEDESTADDRREQ")),
            Map.entry(401, Set.of("WSAEACCES")),
            Map.entry(403, Set.of("WSAEACCES")),
            Map.entry(404, Set.of("WSAENOTSOCK", "WSA_INVALID_HANDLE", "WSAEOPNOTSUPP")),
            Map.entry(405, Set.of("WSAEOPNOTSUPP")),
            Map.entry(406, Set.of(INVAL)),
            Map.entry(408, Set.of("WSAETIMEDOUT")),
            Map.entry(409, Set.of()),
            Map.entry(410, Set.of("WSA_INVALID_HANDLE")),
            Map.entry(411, Set.of(INVAL)),
            Map.entry(413, Set.of("WSAENOBUFS")),
            Map.entry(414, Set.of("WSAENOBUFS")),
            Map.entry(415, Set.of(INVAL)),
            Map.entry(417, Set.of(INVAL)),
            Map.entry(429, Set.of("WSAEWOULDBLOCK")),
            Map.entry(431, Set.of("WSAENOBUFS")),
            Map.entry(501, Set.of("WSAEOPNOTSUPP")),
            Map.entry(502, Set.of("WSAECONNREFUSED", "WSAENETUNREACH", "WSAEHOSTUNREACH", "WSAEHOSTDOWN", "WSAENETDOWN")),
            Map.entry(503, Set.of("WSAENOBUFS", "WSAEMFILE", "WSANOTINITIALISED", "WSASYSNOTREADY")),
            Map.entry(504, Set.of("WSAETIMEDOUT")),
            Map.entry(505, Set.of("WSAEOPNOTSUPP")));

    private final Tally tally;
    private final Shapes shapes;

    AnswerCheck(Tally tally, Shapes shapes) {
        this.tally = tally;
        this.shapes = shapes;
    }

    void check(Request r, Answer a) {
        tally.count(r, a);
        if (a.failure() != null) {
            // a hang or a connection closed without an answer
            tally.failure(r, a, a.failure());
            return;
        }
        int s = a.status();
        // C34, C40: never a 500; the only 5xx are 502 (a connect refused), 503 (C28, C39: the budget; C38: the
        // limit of streams) and 504 (C38: a bounded accept ran out), each where this input may draw it
        if (s >= 500 && !(GATEWAY.contains(s) && r.gateway.contains(s))) {
            tally.failure(r, a, "a " + s + " this input should never draw");
        }
        if (s >= 400) {
            checkProblem(r, a);
            if (r.mustSucceed) {
                tally.failure(r, a, "a valid request was refused");
            }
            return;
        }
        if (s < 200 || s >= 300) {
            tally.failure(r, a, "neither a success nor an error");
            return;
        }
        if (r.mustFail) {
            tally.failure(r, a, "a malformed request was accepted" + (r.kind.name().startsWith("SEND") ? " (C29: it may send nothing)" : ""));
        }
        try {
            shapes.check(r, a);
            if (r.onSuccess != null) {
                r.onSuccess.accept(a);
            }
        } catch (AssertionError | RuntimeException e) {
            tally.failure(r, a, "the answer is not of the documented shape: " + e.getMessage());
        }
    }

    /** C24, C40: a problem detail, with a WSA name and number that fit the status, in words, naming no Java type. */
    private void checkProblem(Request r, Answer a) {
        if (r.head) {
            if (!a.contentType().startsWith("application/problem+json")) {
                tally.failure(r, a, "an error to HEAD without the problem content type");
            }
            return;
        }
        JsonNode problem;
        try {
            problem = ProblemAnswers.assertAnyProblem(a.status(), a.contentType(), a.body());
        } catch (AssertionError e) {
            tally.failure(r, a, "not a proper problem detail: " + firstLine(e.getMessage()));
            return;
        }
        // C24: the WSA name is one of Winsock's, with its own number, and goes with the HTTP status
        String wsa = problem.path("wsaError").asString();
        WsaError error;
        try {
            error = WsaError.valueOf(wsa);
        } catch (IllegalArgumentException e) {
            tally.failure(r, a, "an unknown WSA name " + wsa);
            return;
        }
        if (problem.path("wsaCode").asInt() != error.code()) {
            tally.failure(r, a, "wsaCode " + problem.path("wsaCode") + " is not the number of " + wsa + " (" + error.code() + ")");
        }
        Set<String> fits = CODES_BY_STATUS.get(a.status());
        if (fits == null) {
            tally.failure(r, a, "an unexpected status " + a.status());
        } else if (!fits.isEmpty() && !fits.contains(wsa)) {
            tally.failure(r, a, wsa + " does not go with " + a.status() + " (README's table)");
        }
        String detail = problem.path("detail").asString();
        Matcher contradiction = CONTRADICTION.matcher(detail);
        if (contradiction.find()) {
            tally.failure(r, a, "the detail contradicts itself: " + contradiction.group());
        }
        if (r.status != null && r.status != a.status()) {
            tally.failure(r, a, "expected " + r.status + " " + (r.wsa == null ? "" : r.wsa));
        } else if (r.wsa != null && !r.wsa.contains(wsa)) {
            tally.failure(r, a, "expected one of " + r.wsa);
        }
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl) + " " + s.substring(nl + 1).replace('\n', ' ');
    }
}
