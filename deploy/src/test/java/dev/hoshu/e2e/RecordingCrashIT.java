package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The broker killed with SIGKILL in the middle of a session, again and again ({@code hoshu.crash.rounds}: 5 by
 * default, 50 with {@code -Psoak}): every time the recording verifies up to its last line, says it is not sealed,
 * and holds every byte the engineer's ssh printed, since nothing is forwarded before it is on disk.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordingCrashIT {

    private static final int ROUNDS = Integer.getInteger("hoshu.crash.rounds", 5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    private HoshuSystem hoshu;
    private ManagedProcess agent;
    private final List<ManagedProcess> restarted = new ArrayList<>();
    private Path sealKey;
    private List<String> withGrantCertificate;

    @BeforeAll
    void start() throws Exception {
        hoshu = HoshuSystem.start(dir);
        agent = hoshu.startAgent("CT-01", "tanaka");
        hoshu.awaitOnline("CT-01", "hosp-a");
        hoshu.approvedRequest("sato", "tanaka", "CT-01", "selftest", "status");
        RunResult first = hoshu.hoshu("sato", "ssh", "CT-01", "status");
        HoshuSystem.check(first.exitCode() == 0, "a first session", first);
        Path keys = hoshu.home("sato").resolve("keys");
        try (Stream<Path> files = Files.list(keys)) {
            Path certificate = files.filter(p -> p.getFileName().toString().endsWith("-cert.pub")).findFirst().orElseThrow();
            withGrantCertificate = List.of("-i", keys.resolve("id_ed25519").toString(), "-o", "CertificateFile=" + certificate);
        }
        // The seal's public key, fetched while a broker runs: verifying needs no broker afterwards.
        HttpResponse<String> published = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(hoshu.brokerUrl() + "/api/v1/recordings/keys"))
                .header("Authorization", "Bearer " + token()).build(), HttpResponse.BodyHandlers.ofString());
        sealKey = Files.writeString(dir.resolve("seal.pem"),
                JSON.readTree(published.body()).path("keys").get(0).path("publicKey").asString());
    }

    @AfterAll
    void stop() {
        restarted.forEach(ManagedProcess::close);
        if (hoshu != null) {
            hoshu.close();
        }
    }

    @Test
    void aBrokerKilledMidSessionLeavesAnIntactUnsealedRecordingWithEverythingTheEngineerSaw() throws Exception {
        ManagedProcess broker = hoshu.broker();
        for (int round = 1; round <= ROUNDS; round++) {
            ManagedProcess ssh = hoshu.sshInBackground("selftest-" + round, withGrantCertificate, "CT-01", "selftest");
            ssh.awaitOutput("step 2/600", Duration.ofSeconds(30));
            String session = newestSession();

            broker.handle().destroyForcibly(); // SIGKILL: no shutdown hook, no seal
            ssh.awaitExit(Duration.ofSeconds(30));

            Path recording = hoshu.recording(session);
            RunResult verify = hoshu.hoshu("suzuki", "recordings", "verify", recording.toString(), "--key", sealKey.toString());
            assertEquals(2, verify.exitCode(), "round " + round + ": " + verify);
            assertTrue(verify.stdout().matches("intact up to line \\d+, not sealed \\(broker stopped before the end\\)\\s*"),
                    "round " + round + ": " + verify);
            String shown = ssh.output().lines().filter(line -> line.startsWith("selftest: "))
                    .map(line -> line + "\n").collect(Collectors.joining());
            assertTrue(recordedOutput(recording).startsWith(shown),
                    "round " + round + ": the recording lacks output the engineer saw:\n" + shown);

            broker = restartBroker(round);
        }
    }

    /**
     * A new broker on the same data and ports. The agent is restarted too: its redial backoff grows with every
     * killed broker (up to minutes, by design), and how fast an agent reconnects is not what this test is about.
     */
    private ManagedProcess restartBroker(int round) {
        agent.close();
        ManagedProcess broker = HoshuSystem.startBroker(hoshu.brokerData(), hoshu.httpPort, hoshu.sshPort,
                hoshu.tunnelPort, dir.resolve("logs/broker-restart-" + round + ".log"));
        restarted.add(broker);
        broker.awaitOutput("SSH gateway listening", Duration.ofSeconds(120));
        agent = hoshu.runAgent("CT-01", hoshu.agentDir("CT-01"));
        broker.awaitOutput("device CT-01 (hosp-a) online", Duration.ofSeconds(120));
        return broker;
    }

    private String newestSession() {
        List<String> sessions = hoshu.recordedSessions();
        return sessions.get(sessions.size() - 1);
    }

    /** The tool's stdout as recorded, in order. */
    private static String recordedOutput(Path recording) throws IOException {
        StringBuilder output = new StringBuilder();
        for (String line : Files.readAllLines(recording, StandardCharsets.UTF_8)) {
            JsonNode event = JSON.readTree(line);
            if ("o".equals(event.path("k").asString(""))) {
                output.append(event.has("d") ? event.path("d").asString()
                        : new String(Base64.getDecoder().decode(event.path("b").asString()), StandardCharsets.UTF_8));
            }
        }
        return output.toString();
    }

    private String token() throws IOException {
        return JSON.readTree(Files.readString(hoshu.home("suzuki").resolve("session.json"))).path("token").asString();
    }
}
