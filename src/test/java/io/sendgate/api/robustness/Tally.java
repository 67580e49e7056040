package io.sendgate.api.robustness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the run counted, and the defects it found: printed at the end, the defects also in the test's failure. */
final class Tally {
    private static final int FAILURES_SHOWN = 60;

    private final Map<String, Integer> byKind = new TreeMap<>();
    private final Map<String, Integer> byMutation = new TreeMap<>();
    private final Map<Integer, Integer> byStatus = new TreeMap<>();
    private final Map<String, Integer> byTransport = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private long slowest;
    private String slowestRequest = "";
    int malformed;
    int failureCount;
    /** The number of the request being checked, to name it in its failures. */
    int index;

    /**
     * Counted before the request goes: one that java.net.http then refuses, and that goes over a socket
     * instead, counts as java.net.http.
     */
    void transport(Request r) {
        byTransport.merge(r.overSocket() ? "socket" : "java.net.http", 1, Integer::sum);
    }

    void count(Request r, Answer a) {
        byKind.merge(r.kind.name(), 1, Integer::sum);
        if (r.mustFail) {
            malformed++;
        }
        byMutation.merge(r.mutation, 1, Integer::sum);
        byStatus.merge(a.status(), 1, Integer::sum);
        if (a.millis() > slowest) {
            slowest = a.millis();
            slowestRequest = r.kind + "/" + r.mutation;
        }
    }

    void failure(Request r, Answer a, String what) {
        failureCount++;
        if (failures.size() < FAILURES_SHOWN) {
            String at = r == null ? "" : "#" + index + " " + r.kind + "/" + r.mutation + ": " + r.describe();
            String got = a == null ? "" : " -> " + a.status() + " " + a.contentType() + " " + abbreviate(a.body(), 400);
            failures.add(what + "\n    " + at + got);
        }
    }

    /** A defect found outside any one answer. */
    void failure(String what) {
        failure(null, null, what);
    }

    String failures() {
        return String.join("\n", failures);
    }

    void report(long seed, int requests, Model model, long fuzzMillis, long checkMillis, long totalMillis) {
        System.out.println("[robustness] seed " + seed + ": " + requests + " requests in " + fuzzMillis + " ms ("
                + checkMillis + " ms of final checks, " + totalMillis + " ms in all); slowest answer " + slowest + " ms ("
                + slowestRequest + ")");
        System.out.println("[robustness] malformed (must be refused): " + malformed + ", the rest valid or either way");
        System.out.println("[robustness] by endpoint: " + byKind);
        System.out.println("[robustness] by transport: " + byTransport);
        System.out.println("[robustness] by mutation: " + byMutation);
        System.out.println("[robustness] by status: " + byStatus);
        System.out.println("[robustness] sends accepted: " + model.accepted.size() + " (" + model.knownOps.size()
                + " overlapped operations, " + model.accepted.stream().mapToLong(s -> s.payload().length).sum()
                + " bytes); sockets opened or accepted: " + (model.spares.size() + model.closedIds.size())
                + "; defects: " + failureCount);
        System.out.println("[robustness] receives accepted on the receiving socket: " + model.receives.size() + " ("
                + model.receives.stream().filter(r -> r.id() != null).count() + " overlapped), its peer wrote "
                + model.talkerWritten + " bytes; the capturing socket's peer wrote " + model.capWritten()
                + " bytes, read and expected up to offset " + model.capConfirmed + "; auto-accepting listeners opened: "
                + model.autoListeners.size());
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...(" + s.length() + " chars)";
    }
}
