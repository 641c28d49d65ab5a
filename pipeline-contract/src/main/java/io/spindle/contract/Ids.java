package io.spindle.contract;

import java.security.SecureRandom;

/** Generates public identifiers (see {@link IdKind}). */
public final class Ids {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String newId(IdKind kind) {
        return kind.prefix() + "_" + randomToken(IdKind.RANDOM_LENGTH);
    }

    /** A random string of {@code length} lowercase alphanumerics from a cryptographic source. */
    public static String randomToken(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }
}
