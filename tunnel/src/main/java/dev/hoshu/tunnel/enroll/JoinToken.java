package dev.hoshu.tunnel.enroll;

import dev.hoshu.tunnel.pki.CaPins;
import java.security.cert.X509Certificate;
import java.util.regex.Pattern;

/**
 * A one-time join token, {@code hjt1.<tokenId>.<secret>.<caPin>}: the id and secret let the broker
 * find and check it, the pin lets the agent check the broker before sending anything.
 */
public record JoinToken(String tokenId, String secret, String caPin) {

    private static final String PREFIX = "hjt1";
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    /** base64url of a SHA-256 digest without padding is always 43 characters. */
    private static final Pattern PIN = Pattern.compile("[A-Za-z0-9_-]{43}");

    public JoinToken {
        require("token id", tokenId, PART);
        require("token secret", secret, PART);
        require("CA pin", caPin, PIN);
    }

    public String format() {
        return PREFIX + "." + tokenId + "." + secret + "." + caPin;
    }

    /**
     * Reads a token as typed by a person; surrounding blanks are forgiven, nothing else.
     *
     * @throws IllegalArgumentException one line, without echoing the secret
     */
    public static JoinToken parse(String text) {
        if (text == null || text.length() > 512) {
            throw new IllegalArgumentException("join token is missing or too long");
        }
        String[] parts = text.strip().split("\\.", -1);
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            throw new IllegalArgumentException("join token must look like hjt1.<id>.<secret>.<pin>");
        }
        return new JoinToken(parts[1], parts[2], parts[3]);
    }

    /** The pin of a CA certificate: base64url(SHA-256(DER)), no padding. */
    public static String caPin(X509Certificate ca) {
        return CaPins.of(ca);
    }

    /** Keeps the secret out of logs and exception messages. */
    @Override
    public String toString() {
        return "JoinToken[" + tokenId + "]";
    }

    private static void require(String what, String value, Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("join token has a malformed " + what);
        }
    }
}
