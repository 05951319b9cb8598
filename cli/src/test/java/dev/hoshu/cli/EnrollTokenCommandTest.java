package dev.hoshu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EnrollTokenCommandTest extends LoggedInCliTest {

    private static final String TOKEN = "hjt1.t-1.c2VjcmV0.cGlu";

    @Test
    void printsTheTokenWithItsExpiryInJst() {
        broker.answer("POST /api/v1/devices/CT-01/join-tokens", 201,
                "{\"token\":\"" + TOKEN + "\",\"expiresAt\":\"2026-04-01T08:42:00Z\"}");

        Cli.Result result = cli.run("enroll-token", "CT-01");

        assertEquals(0, result.status(), result.err());
        assertEquals("join token for CT-01, one use, valid until 17:42 JST:\n" + TOKEN + "\n", result.out());
        assertEquals("Bearer tok-sato", broker.only().authorization());
    }

    @Test
    void quietPrintsTheTokenOnlyForScripts() {
        broker.answer("POST /api/v1/devices/CT-01/join-tokens", 201,
                "{\"token\":\"" + TOKEN + "\",\"expiresAt\":\"2026-04-01T08:42:00Z\"}");

        Cli.Result result = cli.run("enroll-token", "CT-01", "--quiet");

        assertEquals(TOKEN + "\n", result.out());
    }

    @Test
    void aDeviceIdThatCouldEscapeThePathIsRefusedBeforeAnyCall() {
        Cli.Result result = cli.run("enroll-token", "../admin");

        assertEquals(1, result.status());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(broker.sent().isEmpty());
    }

    @Test
    void theBrokersRefusalIsShownAsItsOneLine() {
        broker.answer("POST /api/v1/devices/CT-01/join-tokens", 409,
                "{\"error\":\"denied: device CT-01 is enrolled in another hospital\"}");

        Cli.Result result = cli.run("enroll-token", "CT-01");

        assertEquals(1, result.status());
        assertEquals("denied: device CT-01 is enrolled in another hospital\n", result.err());
    }
}
