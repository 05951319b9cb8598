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
                ID   ENGINEER  DEVICE  COMMAND           STARTED    STATE  OBSERVERS
                s-1  sato      CT-01   status --verbose  16:40 JST  live   -
                """, result.out());
    }

    @Test
    void aWaitingSessionShowsWhoWatches() {
        broker.answer("GET /api/v1/sessions", 200, """
                [{"id":"s-2","engineer":"sato","device":"CT-01","command":"selftest","startedAt":"2026-04-01T07:40:00Z",
                  "state":"paused","observers":["tanaka","suzuki"]}]""");

        Cli.Result result = cli.run("sessions");

        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().lines().skip(1).findFirst().orElseThrow().endsWith("paused  tanaka,suzuki"), result.out());
    }

    @Test
    void joinPrintsTheOutputAndWhoWatchesAndEndsWithTheSession() {
        broker.answer("GET /api/v1/sessions/s-1/live", 200, """
                {"k":"live","session":"s-1","device":"CT-01","engineer":"sato","company":"medserve","command":"selftest","state":"waiting","observers":["suzuki","tanaka"]}
                {"i":1,"t":3,"k":"observer","action":"joined","subject":"tanaka","h":"x"}
                {"i":2,"t":4,"k":"exec","tool":"selftest","args":[],"h":"x"}
                {"i":3,"t":9,"k":"o","d":"self test 1/10 ok\\r\\n","h":"x"}
                {"k":"ping"}
                {"i":4,"t":12,"k":"i","d":"q","h":"x"}
                {"i":5,"t":20,"k":"o","b":"c2VsZiB0ZXN0IDIvMTAgb2sNCg==","h":"x"}
                {"i":6,"t":30,"k":"observer","action":"left","subject":"suzuki","h":"x"}
                {"i":7,"t":40,"k":"notice","text":"hoshu: grant g-1 ends at 2026-04-01 17:00 JST (in 5 minutes); the session will be cut then","h":"x"}
                {"i":8,"t":50,"k":"kill","by":"broker","reason":"grant g-1 ended at 2026-04-01 17:00 JST","h":"x"}
                {"i":9,"t":51,"k":"end","how":"ended: grant g-1 ended at 2026-04-01 17:00 JST","h":"x"}
                {"i":10,"t":52,"k":"seal","events":9,"h":"x","sig":"y"}
                """);

        Cli.Result result = cli.run("sessions", "join", "s-1");

        assertEquals(0, result.status(), result.err());
        assertEquals("self test 1/10 ok\r\nself test 2/10 ok\r\n", result.out());
        assertEquals("""
                hoshu: watching session s-1: selftest on CT-01 by sato (medserve), waiting; watching now: suzuki, tanaka
                hoshu: the tool started: selftest\s
                hoshu: suzuki left; watching now: tanaka
                hoshu: to the engineer: hoshu: grant g-1 ends at 2026-04-01 17:00 JST (in 5 minutes); the session will be cut then
                hoshu: session cut by broker: grant g-1 ended at 2026-04-01 17:00 JST
                hoshu: session s-1 ended: ended: grant g-1 ended at 2026-04-01 17:00 JST
                """, result.err());
        assertEquals("/api/v1/sessions/s-1/live", broker.only().path());
    }

    @Test
    void joinRefusedByTheBrokerIsItsOneLine() {
        broker.answer("GET /api/v1/sessions/s-1/live", 403, """
                {"error":"refused: sato cannot observe their own session s-1 (separation of duties)"}""");

        Cli.Result result = cli.run("sessions", "join", "s-1");

        assertEquals(1, result.status());
        assertEquals("refused: sato cannot observe their own session s-1 (separation of duties)\n", result.err());
    }

    @Test
    void aViewCutShortOrDroppedSaysSoAndFails() {
        broker.answer("GET /api/v1/sessions/s-1/live", 200, """
                {"k":"live","session":"s-1","device":"CT-01","engineer":"sato","company":"medserve","command":"cat","state":"running","observers":["tanaka"]}
                {"k":"dropped","reason":"the observer did not keep up with the session"}
                """);

        Cli.Result result = cli.run("sessions", "join", "s-1");

        assertEquals(1, result.status());
        assertTrue(result.err().endsWith("hoshu: dropped from session s-1: the observer did not keep up with the session\n"),
                result.err());
    }

    @Test
    void joinRefusesAMalformedSessionIdWithoutCallingTheBroker() {
        Cli.Result result = cli.run("sessions", "join", "../../etc/passwd");

        assertEquals(1, result.status());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(broker.sent().isEmpty());
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
