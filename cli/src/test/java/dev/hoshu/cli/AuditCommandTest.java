package dev.hoshu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.audit.AuditEvent;
import dev.hoshu.audit.AuditLogChain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditCommandTest extends LoggedInCliTest {

    @Test
    void eventsAreListedAsATableWithTheFiltersSentAsQuery() {
        broker.answer("GET /api/v1/audit", 200, """
                [{"i":1,"at":"2026-04-01T07:40:00Z","action":"request.approve","actor":"sato","org":"medserve",
                  "hospital":"hosp-a","target":"r-1","outcome":"refused","reason":"denied: you cannot approve your own request"},
                 {"i":2,"at":"2026-04-01T07:41:00Z","action":"request.approve","actor":"tanaka","org":"hosp-a",
                  "hospital":"hosp-a","target":"r-1","outcome":"allowed"}]""");

        Cli.Result result = cli.run("audit", "--since", "2026-04-01T00:00:00Z", "--action", "request.");

        assertEquals(0, result.status(), result.err());
        assertEquals("since=2026-04-01T00%3A00%3A00Z&action=request.", broker.only().query());
        String[] lines = result.out().split("\n");
        assertTrue(lines[0].startsWith("AT"), result.out());
        assertTrue(lines[1].matches("2026-04-01 16:40:00 JST +request\\.approve +refused +sato +hosp-a +r-1 +denied: you cannot.*"), lines[1]);
        assertTrue(lines[2].matches("2026-04-01 16:41:00 JST +request\\.approve +allowed +tanaka +hosp-a +r-1"), lines[2]);
    }

    @Test
    void jsonlAndSyslogComeFromTheExport() {
        broker.answer("GET /api/v1/audit/export", 200, "{\"i\":1,\"action\":\"request.create\"}\n");
        Cli.Result result = cli.run("audit", "--format", "jsonl");
        assertEquals(0, result.status(), result.err());
        assertEquals("{\"i\":1,\"action\":\"request.create\"}\n", result.out());
        assertEquals("format=jsonl", broker.only().query());
    }

    @Test
    void aBadTimeIsOneLineAndNoCall() {
        Cli.Result result = cli.run("audit", "--since", "yesterday; rm -rf /");
        assertEquals(2, result.status());
        assertEquals("--since must be an ISO-8601 UTC time such as 2026-11-21T00:00:00Z (try hoshu audit --help)",
                result.err().strip());
        assertTrue(broker.sent().isEmpty());
    }

    @Test
    void aRefusalIsOneLineAndExitOne() {
        broker.answer("GET /api/v1/audit", 403,
                "{\"error\":\"denied: reading the audit log needs the auditor, hospital-admin or operator role\"}");
        Cli.Result result = cli.run("audit");
        assertEquals(1, result.status());
        assertEquals("denied: reading the audit log needs the auditor, hospital-admin or operator role",
                result.err().strip());
    }

    @Test
    void verifySaysIntactOrNamesTheBrokenLine() throws Exception {
        Instant t0 = Instant.parse("2026-04-01T07:40:00Z");
        AuditLogChain chain = AuditLogChain.start("broker-1", t0, null);
        String text = chain.headerLine() + "\n"
                + chain.append(AuditEvent.allowed("request.create", "sato", "medserve", "hosp-a", "r-1", Map.of()), t0) + "\n"
                + chain.append(AuditEvent.allowed("request.approve", "tanaka", "hosp-a", "hosp-a", "r-1", Map.of()), t0)
                + "\n";
        Path file = home.resolve("audit-2026-04-01.jsonl");
        Files.writeString(file, text, StandardCharsets.UTF_8);

        Cli.Result intact = cli.run("audit", "verify", file.toString());
        assertEquals(0, intact.status(), intact.err());
        assertEquals("ok: 3 lines, chain intact", intact.out().strip());

        Files.writeString(file, text.replace("\"actor\":\"tanaka\"", "\"actor\":\"tanakb\""), StandardCharsets.UTF_8);
        Cli.Result broken = cli.run("audit", "verify", file.toString());
        assertEquals(1, broken.status());
        assertEquals("broken at line 3: hash does not match (edited, inserted or reordered)", broken.out().strip());

        Cli.Result missing = cli.run("audit", "verify", home.resolve("nope.jsonl").toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().startsWith("failed: no such file"), missing.err());
    }
}
