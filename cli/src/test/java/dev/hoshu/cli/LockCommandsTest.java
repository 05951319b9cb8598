package dev.hoshu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LockCommandsTest extends LoggedInCliTest {

    @Test
    void lockingADeviceSendsTargetReasonAndMinutesAndSaysWhatItEnded() {
        broker.answer("POST /api/v1/locks", 201, """
                {"id":"l-abc","target":{"kind":"device","value":"CT-01"},"endedSessions":["s-1"],"revokedGrants":["g-1","g-2"]}""");

        Cli.Result result = cli.run("lock", "device", "CT-01", "--reason", "scanner needed", "--minutes", "30");

        assertEquals(0, result.status(), result.err());
        assertEquals("locked device CT-01 (l-abc): ended 1 session(s), revoked 2 grant(s)\n", result.out());
        assertEquals("{\"target\":{\"kind\":\"device\",\"value\":\"CT-01\"},\"reason\":\"scanner needed\",\"minutes\":30}",
                broker.only().body());
    }

    @Test
    void lockingTheHospitalNeedsNoId() {
        broker.answer("POST /api/v1/locks", 201, """
                {"id":"l-h","target":{"kind":"hospital","value":"hosp-a"},"endedSessions":[],"revokedGrants":[]}""");

        Cli.Result result = cli.run("lock", "hospital", "--reason", "cyber incident");

        assertEquals(0, result.status(), result.err());
        assertEquals("{\"target\":{\"kind\":\"hospital\"},\"reason\":\"cyber incident\"}", broker.only().body());
    }

    @Test
    void hostileKindsAndIdsAreRefusedBeforeAnyCall() {
        Cli.Result kind = cli.run("lock", "planet", "earth", "--reason", "x");
        Cli.Result traversal = cli.run("lock", "device", "../../etc", "--reason", "x");
        Cli.Result missing = cli.run("lock", "engineer", "--reason", "x");
        Cli.Result blank = cli.run("lock", "company", "medserve", "--reason", " ");

        for (Cli.Result result : java.util.List.of(kind, traversal, missing, blank)) {
            assertEquals(1, result.status(), result.toString());
            assertEquals(1, result.err().lines().count(), result.err());
            assertTrue(result.err().startsWith("refused:"), result.err());
        }
        assertTrue(broker.sent().isEmpty());
    }

    @Test
    void theBrokersRefusalIsShownAsItsOneLine() {
        broker.answer("POST /api/v1/locks", 403, "{\"error\":\"denied: device CT-09 is not a device of hosp-a\"}");

        Cli.Result result = cli.run("lock", "device", "CT-09", "--reason", "x");

        assertEquals(1, result.status());
        assertEquals("denied: device CT-09 is not a device of hosp-a\n", result.err());
    }

    @Test
    void locksAreListedAndUnlockSendsTheReasonWithDelete() {
        broker.answer("GET /api/v1/locks", 200, """
                [{"id":"l-abc","target":{"kind":"device","value":"CT-01"},"by":"tanaka","reason":"scanner needed",
                  "createdAt":"2026-04-01T07:40:00Z","expiresAt":null}]""");
        broker.answer("DELETE /api/v1/locks/l-abc", 200, """
                {"id":"l-abc","target":{"kind":"device","value":"CT-01"}}""");

        Cli.Result list = cli.run("locks");
        Cli.Result unlock = cli.run("unlock", "l-abc", "--reason", "patient done");

        assertEquals(0, list.status(), list.err());
        assertEquals("""
                ID     TARGET        BY      SINCE      UNTIL             REASON
                l-abc  device CT-01  tanaka  16:40 JST  unlocked by hand  scanner needed
                """, list.out());
        assertEquals(0, unlock.status(), unlock.err());
        assertEquals("unlocked l-abc (device CT-01)\n", unlock.out());
        assertEquals("DELETE", broker.sent().get(1).method());
        assertEquals("{\"reason\":\"patient done\"}", broker.sent().get(1).body());
    }
}
