package dev.hoshu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.recording.RecordingChain;
import dev.hoshu.recording.RecordingHeader;
import dev.hoshu.tools.Ed25519Keys;
import dev.hoshu.tools.KeyIds;
import dev.hoshu.tools.Pem;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code hoshu recordings export | play | bundle | search}, against files and a stand-in broker. */
class RecordingCommandsTest {

    private static final KeyPair SEAL = Ed25519Keys.generate();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private FakeBroker broker;
    private Cli cli;
    private Path recording;
    private String recordingText;

    @BeforeEach
    void setUp() throws Exception {
        broker = new FakeBroker();
        cli = new Cli(dir.resolve("home")).loggedIn(broker.url(), "127.0.0.1:2222");
        RecordingChain chain = new RecordingChain(new RecordingHeader("s-1", "g-1", List.of("tanaka"), "sato", "medserve",
                "CT-01", "hosp-a", "node-1", "status", List.of("--fail"), null, KeyIds.of(SEAL.getPublic())),
                Instant.parse("2026-11-21T00:30:00Z"));
        recordingText = String.join("\n", chain.headerLine(), chain.exec("status", List.of("--fail"), 0),
                chain.output("gantry: nominal\n".getBytes(StandardCharsets.UTF_8), 100),
                chain.input("secret typed\n".getBytes(StandardCharsets.UTF_8), 150),
                chain.stderr("cooling: ATTENTION\n".getBytes(StandardCharsets.UTF_8), 2100),
                chain.exit(3, 2101), chain.end("exit", 2102), chain.seal(SEAL.getPrivate(), 2102)) + "\n";
        recording = Files.writeString(dir.resolve("s-1.jsonl"), recordingText);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private static List<JsonNode> castLines(String cast) {
        return cast.lines().map(JSON::readTree).toList();
    }

    @Test
    void exportWritesAnOwnerOnlyCastWithoutInputUnlessAsked() throws Exception {
        Path out = dir.resolve("out.cast");
        Cli.Result result = cli.run("recordings", "export", recording.toString(), "--format", "cast", "-o", out.toString());

        assertEquals(0, result.status(), result.err());
        List<JsonNode> cast = castLines(Files.readString(out));
        assertEquals(2, cast.get(0).path("version").asInt());
        assertEquals(List.of("gantry: nominal\r\n", "cooling: ATTENTION\r\n"),
                cast.subList(1, cast.size()).stream().map(e -> e.get(2).asString()).toList());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));

        Path withInput = dir.resolve("with-input.cast");
        cli.run("recordings", "export", recording.toString(), "--with-input", "-o", withInput.toString());
        assertTrue(Files.readString(withInput).contains("[0.150,\"i\",\"secret typed\\n\"]"), Files.readString(withInput));
    }

    @Test
    void exportNeverOverwritesAFile() throws Exception {
        Path out = Files.writeString(dir.resolve("taken.cast"), "keep me");

        Cli.Result result = cli.run("recordings", "export", recording.toString(), "-o", out.toString());

        assertEquals(1, result.status());
        assertEquals("refused: " + out + " exists; name a new file", result.err().strip());
        assertEquals("keep me", Files.readString(out));
    }

    @Test
    void exportOfASessionAsksTheBrokerForAnExportAndRefusesHostileIds() throws Exception {
        broker.answer("GET /api/v1/recordings/s-1", 200, recordingText);
        Path out = dir.resolve("fetched.cast");

        Cli.Result result = cli.run("recordings", "export", "--session", "s-1", "-o", out.toString());

        assertEquals(0, result.status(), result.err());
        assertEquals("purpose=export", broker.only().query());
        for (String hostile : List.of("../../etc/passwd", "s-1?x=1", "-rf")) {
            Cli.Result refused = cli.run("recordings", "export", "--session=" + hostile, "-o", dir.resolve("x.cast").toString());
            assertEquals(1, refused.status());
            assertTrue(refused.err().contains("is not a valid session id"), refused.err());
        }
        assertEquals(1, broker.sent().size());
    }

    @Test
    void aNotFoundFromTheBrokerIsOneLine() {
        broker.answer("GET /api/v1/recordings/s-2", 404, "{\"error\":\"no recording of session s-2\"}");

        Cli.Result result = cli.run("recordings", "play", "--session", "s-2");

        assertEquals(1, result.status());
        assertEquals("no recording of session s-2", result.err().strip());
    }

    @Test
    void playPrintsTheOutputButNotTheInput() {
        Cli.Result result = cli.run("recordings", "play", recording.toString(), "--speed", "1000", "--idle-limit", "0");

        assertEquals(0, result.status(), result.err());
        assertEquals("gantry: nominal\ncooling: ATTENTION\n", result.out());
    }

    @Test
    void playRefusesANonsenseSpeed() {
        Cli.Result result = cli.run("recordings", "play", recording.toString(), "--speed", "0");

        assertEquals(1, result.status());
        assertEquals("refused: speed must be above 0 and at most 1000", result.err().strip());
    }

    @Test
    void theBundleHoldsRecordingReportKeyAndCastEachWithItsHashInTheManifest() throws Exception {
        Path key = Files.writeString(dir.resolve("seal.pem"), Pem.publicKeyPem(SEAL.getPublic()));
        Path zip = dir.resolve("bundle.zip");

        Cli.Result result = cli.run("recordings", "bundle", recording.toString(), "--key", key.toString(), "-o", zip.toString());

        assertEquals(0, result.status(), result.err());
        Map<String, byte[]> files = unzip(zip);
        assertEquals(java.util.Set.of("s-1.jsonl", "verification.txt", "seal-key.pem", "s-1.cast", "manifest.json"),
                files.keySet());
        assertEquals(recordingText, new String(files.get("s-1.jsonl"), StandardCharsets.UTF_8));
        assertTrue(new String(files.get("verification.txt"), StandardCharsets.UTF_8).startsWith("ok: 8 lines, chain intact"));
        assertEquals(SEAL.getPublic(), Pem.parsePublicKey(new String(files.get("seal-key.pem"), StandardCharsets.UTF_8), "t"));
        JsonNode manifest = JSON.readTree(files.get("manifest.json"));
        assertEquals("s-1", manifest.path("session").asString());
        assertEquals(4, manifest.path("files").size());
        for (JsonNode file : manifest.path("files")) {
            byte[] content = files.get(file.path("name").asString());
            assertEquals(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content)),
                    file.path("sha256").asString());
        }
    }

    @Test
    void aTamperedRecordingIsStillBundledButTheExitAndReportSaySo() throws Exception {
        Files.writeString(recording, recordingText.replace("gantry: nominal", "gantry: NOMINAL"));
        Path key = Files.writeString(dir.resolve("seal.pem"), Pem.publicKeyPem(SEAL.getPublic()));
        Path zip = dir.resolve("bundle.zip");

        Cli.Result result = cli.run("recordings", "bundle", recording.toString(), "--key", key.toString(), "-o", zip.toString());

        assertEquals(1, result.status());
        assertTrue(new String(unzip(zip).get("verification.txt"), StandardCharsets.UTF_8)
                .startsWith("broken at line 3: hash does not match"));
    }

    @Test
    void searchSendsTheCriteriaAndPrintsATable() {
        broker.answer("GET /api/v1/recordings", 200, "[{\"session\":\"s-1\",\"hospital\":\"hosp-a\",\"device\":\"CT-01\","
                + "\"engineer\":\"sato\",\"company\":\"medserve\",\"tool\":\"status\",\"args\":[\"--fail\"],"
                + "\"started\":\"2026-04-01T07:00:00Z\",\"ended\":\"2026-04-01T07:00:02Z\",\"exit\":3,\"sealed\":true,\"bytes\":1234}]");

        Cli.Result result = cli.run("recordings", "search", "--device", "CT-01", "--engineer", "sato", "--since", "24h",
                "--until", "2026-04-02", "--command", "status --fail", "--exit", "3");

        assertEquals(0, result.status(), result.err());
        assertEquals("device=CT-01&engineer=sato&from=2026-03-31T07%3A42%3A00Z"
                + "&to=2026-04-01T15%3A00%3A00Z&command=status%20--fail&exit=3&page=0&size=20", broker.only().query());
        List<String> lines = result.out().lines().toList();
        assertEquals(2, lines.size(), result.out());
        for (String cell : List.of("s-1", "16:00", "CT-01", "sato", "medserve", "status --fail", "3", "yes", "1234")) {
            assertTrue(lines.get(1).contains(cell), cell + " in " + lines.get(1));
        }
    }

    @Test
    void searchWithNoMatchSaysSoAndABadTimeIsRefusedBeforeAsking() {
        broker.answer("GET /api/v1/recordings", 200, "[]");
        assertEquals("no recordings match", cli.run("recordings", "search").out().strip());

        Cli.Result bad = cli.run("recordings", "search", "--since", "last tuesday");
        assertEquals(1, bad.status());
        assertEquals("refused: 'last tuesday' is not a time: use 2026-11-21T09:00:00Z, 2026-11-21 or 24h",
                bad.err().strip());
        assertEquals(1, broker.sent().size());
    }

    private static Map<String, byte[]> unzip(Path zip) throws Exception {
        Map<String, byte[]> files = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(zip)))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }

    private static String keyJson(KeyPair key, String status, String retired) {
        return JSON.createObjectNode().put("id", KeyIds.of(key.getPublic())).put("publicKey", Pem.publicKeyPem(key.getPublic()))
                .put("since", "2026-11-01T00:00:00Z").put("retired", retired).put("status", status).toString();
    }

    @Test
    void verifyPicksTheRetiredKeyTheRecordingNamesFromThePublishedList() {
        KeyPair current = Ed25519Keys.generate();
        broker.answer("GET /api/v1/recordings/keys", 200, "{\"keys\":[" + keyJson(SEAL, "retired", "2026-11-20T00:00:00Z")
                + "," + keyJson(current, "current", null) + "]}");

        Cli.Result result = cli.run("recordings", "verify", recording.toString());

        assertEquals(0, result.status(), result.err());
        assertEquals("ok: 8 lines, chain intact, sealed by " + KeyIds.of(SEAL.getPublic()), result.out().strip());
    }

    @Test
    void verifyReportsASealUnderAKeyTheBrokerDoesNotPublish() {
        broker.answer("GET /api/v1/recordings/keys", 200, "{\"keys\":[" + keyJson(Ed25519Keys.generate(), "current", null) + "]}");

        Cli.Result result = cli.run("recordings", "verify", recording.toString());

        assertEquals(2, result.status(), result.err());
        assertEquals("intact: 8 lines, but seal key " + KeyIds.of(SEAL.getPublic())
                + " is not known, so the seal was not checked", result.out().strip());
    }

    @Test
    void keysListsCurrentAndRetiredKeys() {
        KeyPair current = Ed25519Keys.generate();
        broker.answer("GET /api/v1/recordings/keys", 200, "{\"keys\":[" + keyJson(SEAL, "retired", "2026-11-20T00:00:00Z")
                + "," + keyJson(current, "current", null) + "]}");

        Cli.Result result = cli.run("recordings", "keys");

        assertEquals(0, result.status(), result.err());
        List<String> lines = result.out().lines().toList();
        assertEquals(3, lines.size(), result.out());
        assertTrue(lines.get(1).startsWith(KeyIds.of(SEAL.getPublic())) && lines.get(1).contains("retired")
                && lines.get(1).endsWith("2026-11-20T00:00:00Z"), lines.get(1));
        assertTrue(lines.get(2).startsWith(KeyIds.of(current.getPublic())) && lines.get(2).contains("current")
                && lines.get(2).endsWith("-"), lines.get(2));
    }

    @Test
    void rotateSendsTheReasonAndRefusesABlankOneBeforeCallingTheBroker() {
        broker.answer("POST /api/v1/recordings/keys/rotate", 200, "{\"keys\":[" + keyJson(SEAL, "current", null) + "]}");

        Cli.Result blank = cli.run("recordings", "keys", "rotate", "--reason", " ");
        assertEquals(1, blank.status());
        assertEquals("refused: --reason must not be empty", blank.err().strip());
        assertTrue(broker.sent().isEmpty());

        Cli.Result result = cli.run("recordings", "keys", "rotate", "--reason", "yearly rotation");
        assertEquals(0, result.status(), result.err());
        assertEquals("yearly rotation", JSON.readTree(broker.only().body()).path("reason").asString());
        assertTrue(result.out().contains(KeyIds.of(SEAL.getPublic())), result.out());
    }

    @Test
    void aRefusedRotationIsTheBrokersOneLine() {
        broker.answer("POST /api/v1/recordings/keys/rotate", 403,
                "{\"error\":\"denied: rotating the recording seal key needs the operator role\"}");

        Cli.Result result = cli.run("recordings", "keys", "rotate", "--reason", "yearly rotation");

        assertEquals(1, result.status());
        assertEquals("denied: rotating the recording seal key needs the operator role", result.err().strip());
    }
}
