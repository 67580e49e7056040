package io.sendgate.api;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean ...?" for names a caller misspelt (JSON fields, query parameters, flags): the known name
 * closest by edit distance, ignoring case, so {@code sendTimeoutMS} finds {@code sendTimeoutMs}.
 */
public final class Suggestions {
    private Suggestions() {
    }

    /**
     * The known name closest to {@code given}, if it is close enough to be a likely typo: at most a third of
     * the given name's letters differ (and always at least one may). Ties go to the first known name.
     */
    public static Optional<String> closest(String given, Collection<String> known) {
        String lower = given.toLowerCase(Locale.ROOT);
        int allowed = Math.max(1, given.length() / 3);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : known) {
            int d = distance(lower, name.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = name;
                bestDistance = d;
            }
        }
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /**
     * The end of a sentence about an unknown name: {@code "; did you mean 'x'?"}, or the known names when
     * none is close, or nothing when there are none.
     */
    public static String hint(String given, Collection<String> known) {
        if (known.isEmpty()) {
            return "";
        }
        return closest(given, known)
                .map(name -> "; did you mean '" + name + "'?")
                .orElseGet(() -> "; known: " + String.join(", ", known));
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
