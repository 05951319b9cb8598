package dev.hoshu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SessionCommandsTest extends LoggedInCliTest {

    @Test
    void sessionsAreListedWithStartTimeInJst() {
        broker.answer("GET /api/v1/sessions", 200, """
                [{"id":"s-1","grantId":"g-3","engineer":"sato","device":"CT-01","command":"status --verbose",
                  "startedAt":"2026-04-01T07:40:00Z"}]""");

        Cli.Result result = cli.run("sessions");

        assertEquals(0, result.status(), result.err());
        assertEquals("""
                ID   ENGINEER  DEVICE  COMMAND           STARTED
                s-1  sato      CT-01   status --verbose  16:40 JST
                """, result.out());
    }

    @Test
    void killSendsTheReasonAndConfirms() {
        broker.answer("POST /api/v1/sessions/s-1/kill", 202, "{\"id\":\"s-1\",\"killed\":true}");

        Cli.Result result = cli.run("kill", "s-1", "--reason", "unexpected command");

        assertEquals(0, result.status(), result.err());
        assertEquals("killed s-1\n", result.out());
        assertEquals("{\"reason\":\"unexpected command\"}", broker.only().body());
    }

    @Test
    void killWithoutReasonIsAUsageError() {
        Cli.Result result = cli.run("kill", "s-1");

        assertEquals(2, result.status());
        assertTrue(result.err().contains("--reason"), result.err());
        assertTrue(broker.sent().isEmpty());
    }

    @Test
    void killOfAnUnknownSessionShowsTheBrokersLine() {
        broker.answer("POST /api/v1/sessions/s-404/kill", 404, "{\"error\":\"no live session s-404\"}");

        Cli.Result result = cli.run("kill", "s-404", "--reason", "x");

        assertEquals(1, result.status());
        assertEquals("no live session s-404\n", result.err());
    }
}
