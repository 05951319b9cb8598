package dev.hoshu.broker.state;

import java.security.SecureRandom;

/** Random ids such as {@code r-k3m9q2x7ab}: a prefix and ten base32 characters (50 bits, not guessable). */
public final class Ids {

    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String next(String prefix) {
        return prefix + random(10);
    }

    /** {@code length} random base32 characters, for ids and secrets alike. */
    public static String random(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(BASE32[RANDOM.nextInt(BASE32.length)]);
        }
        return id.toString();
    }
}
