package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tunnel port and the SSH gateway as an outside auditor sees them (REQ-NET-2, issue: audited TLS):
 * {@code testssl.sh} finds TLS 1.3 only with forward-secret AEAD suites and no vulnerability; {@code ssh-audit}
 * finds only modern algorithms; a silent peer and an oversized enrollment frame are cut and audited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TunnelAuditIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    private HoshuSystem hoshu;

    @BeforeAll
    void start() {
        hoshu = HoshuSystem.start(dir.resolve("site"), "--hoshu.tunnel.handshake-timeout=2s",
                "--hoshu.tunnel.rehearsal=3s");
    }

    @AfterAll
    void stop() {
        if (hoshu != null) {
            hoshu.close();
        }
    }

    @Test
    void sshAuditFindsOnlyModernAlgorithmsOnTheGateway() {
        RunResult audit = Commands.run(List.of("ssh-audit", "-n", "-p", String.valueOf(hoshu.sshPort), "127.0.0.1"),
                Map.of(), null, dir);
        String report = audit.stdout();
        assertTrue(report.contains("(kex) curve25519-sha256"), report);
        assertTrue(report.contains("(key) ssh-ed25519"), report);
        List<String> findings = report.lines().filter(line -> line.contains("[fail]") || line.contains("[warn]"))
                .toList();
        // ssh-audit 2.5 predates strict key exchange (the Terrapin fix, 2023) and calls it unknown; nothing else.
        assertEquals(List.of("(kex) kex-strict-s-v00@openssh.com   -- [warn] unknown algorithm"),
                findings.stream().map(String::strip).toList(), report);
        for (String weak : List.of("nistp", "sha1", "ctr", "cbc", "diffie-hellman", "hmac-sha2-256 ", "zlib")) {
            assertTrue(report.lines().noneMatch(line -> line.startsWith("(") && line.contains(weak)
                    && !line.startsWith("(fin)") && !line.startsWith("(gen)")), weak + " offered:\n" + report);
        }
    }

    /** The scans here are of a port that rehearsed handshakes against a throwaway device CA before it opened. */
    @Test
    void theTunnelPortRehearsedHandshakesBeforeItOpened() throws IOException {
        List<String> log = Files.readAllLines(dir.resolve("site/logs/broker.log"));
        int rehearsed = indexOf(log, "tunnel port rehearsed ");
        int listening = indexOf(log, "tunnel server listening on ");
        assertTrue(rehearsed >= 0 && listening > rehearsed, "the rehearsal's line, then the port's:\n"
                + String.join("\n", log.subList(0, Math.min(log.size(), 40))));
        java.util.regex.Matcher count = java.util.regex.Pattern.compile("rehearsed (\\d+) TLS handshakes")
                .matcher(log.get(rehearsed));
        assertTrue(count.find() && Integer.parseInt(count.group(1)) > 0, log.get(rehearsed));
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void testsslFindsTls13OnlyWithForwardSecretAeadSuitesAndNoVulnerability() throws IOException {
        Path json = dir.resolve("testssl.json");
        RunResult scan = Commands.run(List.of("testssl", "--quiet", "--color", "0", "--warnings", "off",
                "-p", "-S", "-f", "-U", "-s", "--jsonfile-pretty", json.toString(), "127.0.0.1:" + hoshu.tunnelPort),
                Map.of(), null, dir);
        assertTrue(Files.exists(json), "testssl wrote no report: " + scan);
        JsonNode result = JSON.readTree(json.toFile()).get("scanResult").get(0);

        List<String> offered = new ArrayList<>();
        for (JsonNode protocol : result.get("protocols")) {
            if (protocol.get("finding").asString().startsWith("offered")) {
                offered.add(protocol.get("id").asString());
            }
        }
        assertEquals(List.of("TLS1_3"), offered, "protocols offered");
        assertEquals("offered", finding(result.get("pfs"), "PFS"));
        assertEquals("TLS_AES_256_GCM_SHA384 TLS_AES_128_GCM_SHA256", finding(result.get("pfs"), "PFS_ciphers"));
        assertEquals("offered", finding(result.get("ciphers"), "cipherlist_STRONG"));
        for (String weak : List.of("cipherlist_NULL", "cipherlist_aNULL", "cipherlist_EXPORT", "cipherlist_LOW",
                "cipherlist_3DES_IDEA", "cipherlist_AVERAGE")) {
            assertEquals("not offered", finding(result.get("ciphers"), weak), weak);
        }
        for (JsonNode vulnerability : result.get("vulnerabilities")) {
            String severity = vulnerability.get("severity").asString();
            assertTrue(severity.equals("OK") || severity.equals("INFO"),
                    vulnerability.get("id").asString() + ": " + severity + " " + vulnerability.get("finding"));
        }
    }

    @Test
    void aSilentPeerIsCutAfterTheHandshakeTimeoutAndAudited() throws IOException {
        try (Socket silent = new Socket("127.0.0.1", hoshu.tunnelPort)) {
            silent.setSoTimeout(15_000);
            assertEquals(-1, silent.getInputStream().read(), "the broker closes a connection that never says hello");
        }
        Await.until(Duration.ofSeconds(10), "the slow handshake in the audit log",
                () -> auditLines().anyMatch(line -> line.contains("\"device.tunnel\"")
                        && line.contains("no TLS handshake within the handshake timeout")));
    }

    @Test
    void anOversizedEnrollmentFrameIsRefusedWithOneLineAndAudited() throws Exception {
        String answer;
        try (SSLSocket tls = enrollmentConnection()) {
            DataOutputStream out = new DataOutputStream(tls.getOutputStream());
            out.writeInt(1024 * 1024);
            try {
                out.write(new byte[70 * 1024]);
                out.flush();
            } catch (IOException closedEarly) {
                // the broker may stop reading once the length alone is too much; its answer is what counts
            }
            answer = readAll(tls.getInputStream());
        }
        assertTrue(answer.contains("{\"error\":\"enrollment frame exceeds 64 KiB\"}"), answer);
        Await.until(Duration.ofSeconds(10), "the oversized frame in the audit log",
                () -> auditLines().anyMatch(line -> line.contains("\"device.enroll\"")
                        && line.contains("enrollment frame exceeds 64 KiB")));
    }

    /** A TLS 1.3 client with the tunnel's ALPN and no certificate: what an enrolling agent opens. */
    private SSLSocket enrollmentConnection() throws Exception {
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(null, new TrustManager[] {new AnyServer()}, new SecureRandom());
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", hoshu.tunnelPort);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"hoshu-tunnel/1"});
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    private static String readAll(InputStream in) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                bytes.write(buffer, 0, n);
            }
        } catch (IOException endOfConnection) {
            // a reset after the answer still leaves the answer in hand
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String finding(JsonNode section, String id) {
        for (JsonNode item : section) {
            if (item.get("id").asString().equals(id)) {
                return item.get("finding").asString();
            }
        }
        throw new AssertionError("testssl reported no " + id + " in " + section);
    }

    private Stream<String> auditLines() {
        try (Stream<Path> files = Files.list(hoshu.brokerData().resolve("audit"))) {
            List<String> lines = new ArrayList<>();
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).toList()) {
                lines.addAll(Files.readAllLines(file));
            }
            return lines.stream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The test checks what the port negotiates and answers, not who the broker is. */
    private static final class AnyServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
