package dev.hoshu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeviceCommandsTest extends LoggedInCliTest {

    @Test
    void devicesShowsTheLedgerWithALargeClockOffsetFlagged() {
        broker.answer("GET /api/v1/devices", 200, """
                [{"id":"CT-01","status":"ENROLLED","online":true,"connectedSince":"2026-04-01T07:00:00Z",
                  "agentVersion":"0.1.0","model":"Aquilion ONE","os":"Linux 6.1","firmware":"V10.2",
                  "clockOffsetMs":-2500,"clockOffsetWarning":true,"certificateNotAfter":"2026-04-02T07:00:00Z",
                  "lastSeen":"2026-04-01T07:42:00Z","onSite":{"off":false,"since":"2026-04-01T07:00:00Z"}},
                 {"id":"CT-02","status":"ENROLLED","online":true,"connectedSince":"2026-04-01T07:00:00Z",
                  "onSite":{"off":true,"since":"2026-04-01T07:30:00Z","note":"switched off on site by yamada"}},
                 {"id":"MR-07","status":"DECOMMISSIONED","online":false,"model":"\\u001b[2Jforged"}]""");

        Cli.Result result = cli.run("devices");

        assertEquals(0, result.status(), result.err());
        String[] lines = result.out().split("\n");
        assertTrue(lines[0].startsWith("DEVICE"), result.out());
        assertTrue(lines[1].matches("CT-01 +ENROLLED +since 16:00 JST +on +0\\.1\\.0 +Aquilion ONE +Linux 6\\.1"
                + " +V10\\.2 +-2500ms \\(!\\) +16:00 JST +16:42 JST"), lines[1]);
        assertTrue(lines[2].matches("CT-02 +ENROLLED +since 16:00 JST +OFF since 16:30 JST +- .*"), lines[2]);
        assertTrue(lines[3].startsWith("MR-07") && lines[3].contains("DECOMMISSIONED") && lines[3].contains(" no "),
                lines[3]);
        assertTrue(lines[3].matches("MR-07 +DECOMMISSIONED +no +- .*"), "no switch reported: " + lines[3]);
        assertTrue(lines[3].chars().noneMatch(c -> c == 0x1b), "a device's words reach no terminal as escapes");
    }

    @Test
    void decommissionSendsTheReasonAndConfirms() {
        broker.answer("POST /api/v1/devices/CT-01/decommission", 200, "{\"id\":\"CT-01\",\"status\":\"DECOMMISSIONED\"}");

        Cli.Result result = cli.run("decommission", "CT-01", "--reason", "scanner replaced");

        assertEquals(0, result.status(), result.err());
        assertEquals("decommissioned CT-01: its tunnel is closed and it can no longer connect\n", result.out());
        assertEquals("{\"reason\":\"scanner replaced\"}", broker.only().body());
    }

    @Test
    void decommissionRefusalsAreOneLine() {
        broker.answer("POST /api/v1/devices/CT-01/decommission", 403,
                "{\"error\":\"denied: device CT-01 belongs to another hospital\"}");

        Cli.Result refused = cli.run("decommission", "CT-01", "--reason", "x");
        Cli.Result traversal = cli.run("decommission", "../CT-01", "--reason", "x");
        Cli.Result blank = cli.run("decommission", "CT-01", "--reason", " ");

        assertEquals("denied: device CT-01 belongs to another hospital\n", refused.err());
        assertEquals("refused: '../CT-01' is not a valid device id\n", traversal.err());
        assertEquals("refused: --reason must not be empty\n", blank.err());
        assertEquals(1, broker.sent().size(), "only the well-formed call reached the broker");
    }
}
