package io.sendgate.api.robustness;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/** The run's chance: a seeded {@link Random} with the choices every generator makes of it. */
final class Dice extends Random {
    Dice(long seed) {
        super(seed);
    }

    /**
     * Each request draws from (seed, index): what came before (an accept that caught a connection or not)
     * changes how much earlier requests drew, but not what request #index is.
     */
    void reseed(long seed, int index) {
        setSeed(seed * 0x9E3779B97F4A7C15L + index);
    }

    @SafeVarargs
    final <T> T pick(T... options) {
        return options[nextInt(options.length)];
    }

    <T> T pick(List<T> options) {
        return options.get(nextInt(options.size()));
    }

    int pickSize() {
        int w = nextInt(100);
        return w < 4 ? 0 : w < 60 ? 1 + nextInt(64) : w < 92 ? 65 + nextInt(2000) : w < 99 ? 2000 + nextInt(30_000)
                : 100_000 + nextInt(200_000);
    }

    byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        nextBytes(b);
        return b;
    }

    String randomWord() {
        StringBuilder b = new StringBuilder();
        for (int i = 1 + nextInt(10); i > 0; i--) {
            b.append((char) ('a' + nextInt(26)));
        }
        return b.toString();
    }

    String misspell(String name, Set<String> known) {
        for (int attempt = 0; attempt < 50; attempt++) {
            String m = switch (nextInt(8)) {
                case 0 -> name.toLowerCase(Locale.ROOT);
                case 1 -> Character.toUpperCase(name.charAt(0)) + name.substring(1);
                case 2 -> name.length() < 2 ? name + "x" : swap(name, nextInt(name.length() - 1));
                case 3 -> name.length() < 2 ? name + "y" : name.substring(0, name.length() - 1);
                case 4 -> name + "s";
                case 5 -> name.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
                case 6 -> name.replace("Ms", "MS").replace("Id", "ID");
                default -> " " + name;
            };
            if (!known.contains(m) && !m.equals(name)) {
                return m;
            }
        }
        return name + "_x";
    }

    private static String swap(String s, int i) {
        char[] c = s.toCharArray();
        char t = c[i];
        c[i] = c[i + 1];
        c[i + 1] = t;
        return new String(c);
    }
}
