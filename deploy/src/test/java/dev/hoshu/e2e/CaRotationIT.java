package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.tunnel.pki.PemFiles;
import dev.hoshu.tunnel.tls.TunnelTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device CA rotated under a running agent (issue 4): with 40-second device certificates, CT-01 runs
 * {@code status} through the real OpenSSH client before {@code hoshu ca rotate prepare}, after it, after
 * {@code switch} (a selftest session running across it) and after {@code finish}; its certificate ends up under the
 * new CA and it still redials after a restart; the old CA's certificate is refused by name and audited; steps out
 * of order and callers without the operator role are refused with one line. {@code hoshu ca status} names the
 * devices that lag (CT-03, enrolled after prepare, has not been told of the next CA; CT-02, stopped before the
 * switch, still holds an old-CA certificate), and switch and finish are refused naming them until they catch up,
 * their certificates end, or the operator adds --force.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CaRotationIT {

    private static final Duration RENEWAL = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private HoshuSystem hoshu;
    private ManagedProcess agent;
    private ManagedProcess secondAgent;
    private Path oldAgent;
    private X509Certificate oldCa;

    @BeforeAll
    void start() {
        // Agents renew at half life: every 20 s here instead of every 12 h, so each phase reaches them quickly.
        hoshu = HoshuSystem.start(dir.resolve("site"), "--hoshu.device-cert-ttl=40s");
        RunResult login = hoshu.hoshuWithInput("ops", "demo\n", "login", "--broker", hoshu.brokerUrl(),
                "--ssh", "127.0.0.1:" + hoshu.sshPort, "--user", "ops", "--password-stdin");
        HoshuSystem.check(login.exitCode() == 0, "login as ops", login);
        agent = hoshu.startAgent("CT-01", "tanaka");
        hoshu.awaitOnline("CT-01", "hosp-a");
        secondAgent = hoshu.startAgent("CT-02", "tanaka");
        hoshu.awaitOnline("CT-02", "hosp-a");
        hoshu.approvedRequest("sato", "tanaka", "CT-01", "status", "selftest");
    }

    @AfterAll
    void stop() {
        if (hoshu != null) {
            hoshu.close();
        }
    }

    @Test
    @Order(1)
    void beforeTheRotationTheToolRunsAndStepsOutOfOrderAreRefused() throws IOException {
        assertToolRuns("before prepare");
        oldCa = brokerCa();
        oldAgent = HoshuSystem.copyTree(hoshu.agentDir("CT-01"), dir.resolve("agent-before-rotation"));

        RunResult status = ops("ca", "status");
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.stdout().contains("phase:    steady"), status::toString);
        assertTrue(status.stdout().contains("devices:  2 active\n"), status::toString);

        RunResult early = ops("ca", "rotate", "switch");
        assertEquals(1, early.exitCode(), early::toString);
        assertEquals("refused: ca rotate switch needs the rotation phase prepared, but it is steady; "
                + "start one with: hoshu ca rotate prepare", early.stderr().strip());

        RunResult notOperator = hoshu.hoshu("tanaka", "ca", "rotate", "prepare");
        assertEquals(1, notOperator.exitCode(), notOperator::toString);
        assertEquals("denied: rotating the device CA needs the operator role", notOperator.stderr().strip());

        RunResult bogus = ops("ca", "rotate", "../../x");
        assertEquals(1, bogus.exitCode(), bogus::toString);
        assertEquals("refused: '../../x' is not a rotation step; use prepare, switch or finish",
                bogus.stderr().strip());
        String audit = auditLog();
        assertTrue(audit.contains("needs the rotation phase prepared, but it is steady"), "out of order is audited");
        assertTrue(audit.contains("rotating the device CA needs the operator role"), "the role refusal is audited");
    }

    @Test
    @Order(2)
    void afterPrepareTheAgentTrustsBothCas() throws IOException {
        RunResult prepare = ops("ca", "rotate", "prepare");
        assertEquals(0, prepare.exitCode(), prepare::toString);
        assertTrue(prepare.stdout().contains("phase:    prepared"), prepare::toString);
        X509Certificate next = PemFiles.readCertificates(brokerPki().resolve("device-ca-next.crt")).get(0);

        Await.until(RENEWAL, "the agent trusts both CAs", () -> agentTrust().size() == 2);
        Await.until(RENEWAL, "CT-02 trusts both CAs", () -> read(hoshu.agentDir("CT-02").resolve("ca.crt")).size() == 2);

        assertEquals(List.of(oldCa, next), agentTrust());
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(hoshu.agentDir("CT-01").resolve("ca.crt"))));
        assertSignedBy(agentCertificate(), oldCa, "before the switch the old CA still issues");
        assertToolRuns("after prepare");

        // Enrolled now, CT-03 was pinned to the old CA only and renews no earlier than in 20 s.
        RunResult token = hoshu.hoshu("tanaka", "enroll-token", "CT-03", "--quiet");
        assertEquals(0, token.exitCode(), token::toString);
        RunResult enrolled = hoshu.enroll(token.stdout().strip(), dir.resolve("agent-CT-03"));
        assertEquals(0, enrolled.exitCode(), enrolled::toString);
        RunResult lagging = ops("ca", "status");
        assertEquals(0, lagging.exitCode(), lagging::toString);
        assertTrue(lagging.stdout().contains("devices:  3 active; 1 have not yet received the next CA (at their "
                + "renewal):\n          CT-03 (hosp-a)\nnext step:"), lagging::toString);

        RunResult refused = ops("ca", "rotate", "switch");
        assertEquals(1, refused.exitCode(), refused::toString);
        assertEquals("refused: ca rotate switch now: 1 of 3 active device(s) have not yet received the next CA (at "
                + "their renewal): CT-03 (hosp-a); they would not trust the new tunnel certificate and could not "
                + "connect; wait for their renewal (hoshu ca status), or add --force to leave them to be enrolled "
                + "again", refused.stderr().strip());
        assertTrue(auditLog().contains("they would not trust the new tunnel certificate"), "the refusal is audited");
        assertTrue(ops("ca", "status").stdout().contains("phase:    prepared"), "nothing switched");
    }

    @Test
    @Order(3)
    void afterSwitchTheNewCaIssuesAndALiveSessionKeepsRunning() throws IOException {
        ManagedProcess selftest = hoshu.sshInBackground("selftest-ssh", grantCertificate(), "CT-01", "selftest");
        selftest.awaitOutput("step 2/600", Duration.ofSeconds(30));

        // CT-02 goes offline holding a certificate of the old CA, valid for at least another 20 s.
        secondAgent.close();
        RunResult switched = ops("ca", "rotate", "switch", "--force");
        assertEquals(0, switched.exitCode(), switched::toString);
        assertTrue(switched.stdout().contains("phase:    switched"), switched::toString);
        assertTrue(switched.stdout().contains("still hold a certificate of the previous CA (until their renewal):"),
                switched::toString);
        assertTrue(switched.stdout().contains("          CT-02 (hosp-a)\n"), switched::toString);
        RunResult early = ops("ca", "rotate", "finish");
        assertEquals(1, early.exitCode(), early::toString);
        assertTrue(early.stderr().strip().startsWith("refused: ca rotate finish now: "), early::toString);
        assertTrue(early.stderr().contains("CT-02 (hosp-a)") && early.stderr().contains(
                "they would be refused as devices of the retired CA"), early::toString);
        assertTrue(auditLog().contains("\"forced\":\"true\""), "the forced switch is audited as forced");
        X509Certificate newCa = brokerCa();
        assertFalse(newCa.equals(oldCa), "the issuing CA changed");

        Await.until(RENEWAL, "the agent's certificate renewed under the new CA", () -> signedBy(agentCertificate(),
                newCa));
        assertToolRuns("after switch");
        int steps = lastStep(selftest.output());
        selftest.awaitOutput("step " + (steps + 2) + "/600", Duration.ofSeconds(20));
        assertTrue(selftest.isAlive(), "the live session ended at the switch:\n" + selftest.output());
        selftest.close();
    }

    @Test
    @Order(4)
    void afterFinishTheAgentDropsTheOldPinAndRedialsUnderTheNewCa() throws IOException {
        X509Certificate newCa = brokerCa();
        // Safe once nobody lags: CT-01 renewed under the new CA, CT-02's old-CA certificate has ended.
        Await.until(RENEWAL, "no active device on the old CA", () -> ops("ca", "status").stdout()
                .contains("; 0 still hold a certificate of the previous CA"));
        RunResult finish = ops("ca", "rotate", "finish");
        assertEquals(0, finish.exitCode(), finish::toString);
        assertTrue(finish.stdout().contains("phase:    steady") && finish.stdout().contains("retired: 1"),
                finish::toString);
        assertFalse(Files.exists(brokerPki().resolve("device-ca-previous.key")), "the retired CA's key is gone");

        Await.until(RENEWAL, "the agent trusts the new CA only", () -> agentTrust().equals(List.of(newCa)));
        assertToolRuns("after finish");

        // A fresh handshake, not just the tunnel that lived through the rotation.
        agent.close();
        int onlineBefore = count(hoshu.broker().output(), "device CT-01 (hosp-a) online");
        agent = hoshu.runAgent("CT-01", hoshu.agentDir("CT-01"));
        Await.until(Duration.ofSeconds(60), "CT-01 back online",
                () -> count(hoshu.broker().output(), "device CT-01 (hosp-a) online") > onlineBefore);
        assertToolRuns("after the agent's restart");
        assertSignedBy(agentCertificate(), newCa, "the device certificate is from the new CA");
    }

    @Test
    @Order(5)
    void aCertificateOfTheRetiredCaIsRefusedByNameAndAudited() throws Exception {
        X509Certificate stale = PemFiles.readCertificates(oldAgent.resolve("device.crt")).get(0);
        assertSignedBy(stale, oldCa, "the copy from before the rotation");
        SSLContext tls = TunnelTls.clientContext(PemFiles.readPrivateKey(oldAgent.resolve("device.key")),
                List.of(stale, oldCa), List.of(brokerCa()));

        assertThrows(IOException.class, () -> {
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", hoshu.tunnelPort)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setProtocols(new String[] {"TLSv1.3"});
                parameters.setApplicationProtocols(new String[] {TunnelTls.ALPN});
                socket.setSSLParameters(parameters);
                socket.setSoTimeout(10_000);
                socket.startHandshake();
                // Under TLS 1.3 the client learns of the refusal on its first read.
                socket.getOutputStream().write("SSH-2.0-stale\r\n".getBytes());
                socket.getOutputStream().flush();
                if (socket.getInputStream().read() < 0) {
                    throw new IOException("closed by the broker");
                }
            }
        });

        String line = "certificate of device CT-01 is from the retired device CA; the device must be enrolled again"
                + " with a new join token";
        hoshu.broker().awaitOutput(line, Duration.ofSeconds(20));
        Await.until(Duration.ofSeconds(20), "the refusal in the audit log", () -> auditLog().contains(line));
        assertToolRuns("after the refusal");
    }

    private void assertToolRuns(String when) {
        RunResult status = hoshu.hoshu("sato", "ssh", "CT-01", "status");
        assertEquals(0, status.exitCode(), () -> when + ": " + status);
        assertTrue(status.stdout().contains("CT-01"), () -> when + ": " + status);
    }

    private RunResult ops(String... args) {
        return hoshu.hoshu("ops", args);
    }

    private Path brokerPki() {
        return hoshu.brokerData().resolve("pki");
    }

    private X509Certificate brokerCa() {
        return read(brokerPki().resolve("device-ca.crt")).get(0);
    }

    private List<X509Certificate> agentTrust() {
        return read(hoshu.agentDir("CT-01").resolve("ca.crt"));
    }

    private X509Certificate agentCertificate() {
        return read(hoshu.agentDir("CT-01").resolve("device.crt")).get(0);
    }

    private static List<X509Certificate> read(Path file) {
        try {
            return PemFiles.readCertificates(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate ca) {
        try {
            certificate.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void assertSignedBy(X509Certificate certificate, X509Certificate ca, String what) {
        assertTrue(signedBy(certificate, ca), what + ": " + certificate.getIssuerX500Principal() + " is not "
                + ca.getSubjectX500Principal());
    }

    private List<String> grantCertificate() throws IOException {
        Path keys = hoshu.home("sato").resolve("keys");
        try (Stream<Path> certs = Files.list(keys)) {
            Path certificate = certs.filter(p -> p.getFileName().toString().endsWith("-cert.pub")).findFirst()
                    .orElseThrow();
            return List.of("-i", keys.resolve("id_ed25519").toString(), "-o", "CertificateFile=" + certificate);
        }
    }

    private static int lastStep(String output) {
        int last = 0;
        for (var m = java.util.regex.Pattern.compile("selftest: step (\\d+)/600").matcher(output); m.find(); ) {
            last = Integer.parseInt(m.group(1));
        }
        return last;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }

    private String auditLog() {
        try (Stream<Path> files = Files.list(hoshu.brokerData().resolve("audit"))) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                all.append(Files.readString(file));
            }
            return all.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
