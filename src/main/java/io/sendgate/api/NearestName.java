package io.sendgate.api;

import java.util.List;
import java.util.Locale;

/**
 * The known name an unknown one was most likely meant to be, for a "did you mean" hint. Case does not
 * count (Overlapped, sendTimeoutMS); a typo, a missing or extra letter, or two letters swapped do.
 */
final class NearestName {
    private NearestName() {
    }

    /** The closest of {@code known}, or null when none is close enough to be a plausible slip. */
    static String of(String given, List<String> known) {
        String g = given.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : known) {
            int d = distance(g, name.toLowerCase(Locale.ROOT));
            // about one slip per three letters: flag for flags, but not foo for flags
            if (d <= Math.max(1, name.length() / 3) && d < bestDistance) {
                best = name;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Edit distance counting a swap of two neighbours as one edit (optimal string alignment). */
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
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
