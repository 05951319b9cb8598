package dev.hoshu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AccessCommandsTest extends LoggedInCliTest {

    @Test
    void requestSendsTheAskAndSaysWhoMustApprove() {
        broker.answer("POST /api/v1/requests", 201, """
                {"id":"r-7","engineer":"sato","hospital":"hosp-a","device":"CT-01","status":"PENDING"}""");

        Cli.Result result = cli.run("request", "CT-01", "--tool", "status", "--tool", "selftest",
                "--category", "MAINTENANCE", "--reason", "WO-1234", "--minutes", "60");

        assertEquals(0, result.status(), result.err());
        assertEquals("request r-7 pending (hosp-a must approve)\n", result.out());
        FakeBroker.Sent sent = broker.only();
        assertEquals("Bearer tok-sato", sent.authorization());
        assertEquals("application/json", sent.contentType());
        JsonNode body = JsonMapper.shared().readTree(sent.body());
        assertEquals("CT-01", body.path("device").asString());
        assertEquals("MAINTENANCE", body.path("category").asString());
        assertEquals("[\"status\",\"selftest\"]", body.path("tools").toString());
        assertEquals("WO-1234", body.path("reason").asString());
        assertEquals(60, body.path("durationMinutes").asInt());
    }

    @Test
    void requestsAreListedAsATable() {
        broker.answer("GET /api/v1/requests", 200, """
                [{"id":"r-7","device":"CT-01","category":"MAINTENANCE","status":"APPROVED","engineer":"sato",
                  "tools":["status","selftest"],"durationMinutes":60,"grantId":"g-3"},
                 {"id":"r-8","device":"MR-02","category":"MONITOR","status":"PENDING","engineer":"sato",
                  "tools":["status"],"durationMinutes":30,"grantId":null}]""");

        Cli.Result result = cli.run("requests");

        assertEquals(0, result.status(), result.err());
        assertEquals("""
                ID   DEVICE  CATEGORY     STATUS    ENGINEER  TOOLS            MINUTES  GRANT
                r-7  CT-01   MAINTENANCE  APPROVED  sato      status,selftest  60       g-3
                r-8  MR-02   MONITOR      PENDING   sato      status           30       -
                """, result.out());
    }

    @Test
    void approveNamesTheGrantAndItsEndInJst() {
        broker.answer("POST /api/v1/requests/r-7/approve", 200, """
                {"request":{"id":"r-7","status":"APPROVED"},
                 "grant":{"id":"g-3","engineer":"sato","device":"CT-01","notAfter":"2026-04-01T09:42:00Z"}}""");

        Cli.Result result = cli.run("approve", "r-7");

        assertEquals(0, result.status(), result.err());
        assertEquals("approved r-7: grant g-3 for sato on CT-01 until 18:42 JST\n", result.out());
    }

    @Test
    void denySendsTheReason() {
        broker.answer("POST /api/v1/requests/r-7/deny", 200, "{\"id\":\"r-7\",\"status\":\"DENIED\"}");

        Cli.Result result = cli.run("deny", "r-7", "--reason", "no work order");

        assertEquals(0, result.status(), result.err());
        assertEquals("denied r-7: no work order\n", result.out());
        assertEquals("{\"reason\":\"no work order\"}", broker.only().body());
    }

    @Test
    void brokerRefusalIsPrintedAsItsOneLineOnStderr() {
        broker.answer("POST /api/v1/requests/r-7/approve", 403,
                "{\"error\":\"denied: sato may not approve their own request r-7\"}");

        Cli.Result result = cli.run("approve", "r-7");

        assertEquals(1, result.status());
        assertEquals("", result.out());
        assertEquals("denied: sato may not approve their own request r-7\n", result.err());
    }

    @Test
    void rejectedTokenTellsTheUserToLogIn() {
        broker.answer("GET /api/v1/requests", 401, "");

        Cli.Result result = cli.run("requests");

        assertEquals(1, result.status());
        assertEquals("not logged in or token expired: run hoshu login\n", result.err());
    }

    @Test
    void withoutALoginNothingIsSent() {
        Cli.Result result = new Cli(home.resolve("elsewhere")).run("requests");

        assertEquals(1, result.status());
        assertEquals("not logged in or token expired: run hoshu login\n", result.err());
        assertTrue(broker.sent().isEmpty());
    }

    @Test
    void hostileErrorTextCannotAddLinesOrTerminalEscapes() {
        broker.answer("POST /api/v1/requests/r-7/approve", 409,
                "{\"error\":\"conflict\\n\\u001b[2Jfake: all good\"}");

        Cli.Result result = cli.run("approve", "r-7");

        assertEquals(1, result.status());
        assertEquals("conflict??[2Jfake: all good\n", result.err());
    }

    @Test
    void nonJsonErrorIsNamedByItsStatus() {
        broker.answer("GET /api/v1/requests", 502, "<html>bad gateway</html>");

        Cli.Result result = cli.run("requests");

        assertEquals(1, result.status());
        assertEquals("broker answered HTTP 502\n", result.err());
    }

    @Test
    void idsThatCouldLeaveTheirPathSegmentAreRefused() {
        for (String id : new String[] {"../admin", "r-7/approve", "r 7", "r-7?x=1", "-r"}) {
            Cli.Result result = cli.run("approve", "--", id);

            assertEquals(1, result.status(), id);
            assertEquals("refused: '" + id + "' is not a valid request id\n", result.err());
        }
        assertTrue(broker.sent().isEmpty());
    }

    @Test
    void unknownCategoryIsAUsageError() {
        Cli.Result result = cli.run("request", "CT-01", "--tool", "status", "--category", "ROOT", "--reason", "x");

        assertEquals(2, result.status());
        assertTrue(result.err().contains("--category"), result.err());
        assertTrue(broker.sent().isEmpty());
    }
}
