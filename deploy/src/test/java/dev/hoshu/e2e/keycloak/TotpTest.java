package dev.hoshu.e2e.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The code generator against RFC 6238 Appendix B (SHA-1 rows). */
class TotpTest {

    private static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void matchesTheRfcTestVectors() {
        assertEquals("94287082", Totp.code(RFC_KEY, 59 / 30, 8));
        assertEquals("07081804", Totp.code(RFC_KEY, 1111111109L / 30, 8));
        assertEquals("14050471", Totp.code(RFC_KEY, 1111111111L / 30, 8));
        assertEquals("89005924", Totp.code(RFC_KEY, 1234567890L / 30, 8));
        assertEquals("69279037", Totp.code(RFC_KEY, 2000000000L / 30, 8));
        assertEquals("65353130", Totp.code(RFC_KEY, 20000000000L / 30, 8));
    }

    @Test
    void sixDigitCodesKeepTheirLeadingZeros() {
        assertEquals("287082", Totp.code(RFC_KEY, 59 / 30, 6));
        assertEquals("081804", Totp.code(RFC_KEY, 1111111109L / 30, 6));
    }
}
