package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The account review with the packaged broker: sato, having worked on CT-01 through OpenSSH, shows up as an
 * engineer of medserve; once the operator disables him his next request, his next certificate and his next SSH login
 * with the certificate he still holds are refused with the reason; enabling him lets him ask again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccountReviewIT {

    private static final String REASON = "left medserve";
    private static final Pattern DISABLED_LINE = Pattern.compile(
            "denied: account sato was disabled by ops on \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d JST: " + REASON);

    @TempDir
    static Path dir;

    private HoshuSystem hoshu;

    @BeforeAll
    void start() {
        hoshu = HoshuSystem.start(dir);
        RunResult login = hoshu.hoshuWithInput("ops", "demo\n", "login", "--broker", hoshu.brokerUrl(),
                "--ssh", "127.0.0.1:" + hoshu.sshPort, "--user", "ops", "--password-stdin");
        assertEquals(0, login.exitCode(), login::toString);
        hoshu.startAgent("CT-01", "tanaka");
        hoshu.awaitOnline("CT-01", "hosp-a");
    }

    @AfterAll
    void stop() {
        if (hoshu != null) {
            hoshu.close();
        }
    }

    private String requestAsSato(String workOrder) {
        RunResult request = hoshu.hoshu("sato", "request", "CT-01", "--tool", "status", "--category", "MAINTENANCE",
                "--reason", workOrder, "--minutes", "30");
        return request.exitCode() == 0 ? "" : request.stderr().strip();
    }

    private Path certificateOfSato() {
        try (Stream<Path> files = Files.list(hoshu.home("sato").resolve("keys"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("-cert.pub")).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @Order(1)
    void theReviewListsSatoAsAnEngineerWhoWorkedAtTheHospital() {
        // The ledger knows whoever used the broker; suzuki has looked at the devices once.
        RunResult devices = hoshu.hoshu("suzuki", "devices");
        assertEquals(0, devices.exitCode(), devices::toString);
        hoshu.approvedRequest("sato", "tanaka", "CT-01", "status");
        RunResult ssh = hoshu.hoshu("sato", "ssh", "CT-01", "status");
        assertEquals(0, ssh.exitCode(), ssh::toString);

        RunResult review = hoshu.hoshu("tanaka", "accounts", "review");
        assertEquals(0, review.exitCode(), review::toString);
        String sato = review.stdout().lines().filter(l -> l.startsWith("sato ")).findFirst()
                .orElseThrow(() -> new AssertionError(review.toString()));
        assertTrue(sato.matches("sato\\s+medserve\\s+engineer\\s+.*hosp-a.*"), sato);
        assertTrue(!sato.contains("DORMANT"), sato);
        assertTrue(!Pattern.compile("\\s-(\\s|$)").matcher(sato).find(),
                "every column filled, his last SSH session too: " + sato);
        assertTrue(review.stdout().lines().anyMatch(l -> l.startsWith("suzuki ") && l.contains("auditor")), review::toString);
        assertTrue(review.stdout().lines().noneMatch(l -> l.startsWith("kato ")), "hosp-b's staff are not hosp-a's to review");

        RunResult engineer = hoshu.hoshu("sato", "accounts", "review");
        assertEquals(1, engineer.exitCode(), engineer::toString);
        assertEquals("denied: reviewing accounts needs one of the roles hospital-admin, operator", engineer.stderr().strip());
        RunResult badDays = hoshu.hoshu("tanaka", "accounts", "review", "--dormant-days", "0");
        assertEquals("refused: dormant-days must be a whole number from 1 to 3650", badDays.stderr().strip());
    }

    @Test
    @Order(2)
    void aDisabledEngineerIsRefusedOnTheApiAndOverSshWithTheReason() {
        Path certificate = certificateOfSato();
        Path key = hoshu.home("sato").resolve("keys/id_ed25519");

        RunResult disable = hoshu.hoshu("ops", "accounts", "disable", "sato", "--reason", REASON);
        assertEquals(0, disable.exitCode(), disable::toString);
        assertTrue(disable.stdout().startsWith("disabled account sato: disabled everywhere (locks 1)"), disable::toString);

        String refused = requestAsSato("WO-AFTER");
        assertTrue(DISABLED_LINE.matcher(refused).matches(), refused);
        RunResult ssh = hoshu.hoshu("sato", "ssh", "CT-01", "status");
        assertEquals(1, ssh.exitCode(), ssh::toString);
        assertTrue(DISABLED_LINE.matcher(ssh.stderr().strip()).matches(), ssh::toString);

        RunResult raw = hoshu.ssh(List.of("-i", key.toString(), "-o", "CertificateFile=" + certificate), "CT-01", "status");
        assertTrue(raw.exitCode() != 0, raw::toString);
        assertTrue(raw.stderr().contains("refused: engineer sato at hosp-a is locked by ops: account sato disabled: "
                + REASON), raw::toString);

        RunResult review = hoshu.hoshu("tanaka", "accounts", "review");
        assertTrue(review.stdout().lines().anyMatch(l -> l.startsWith("sato ") && l.contains("DISABLED by ops: " + REASON)),
                review::toString);
        RunResult hospitalCannotUndo = hoshu.hoshu("tanaka", "accounts", "enable", "sato", "--reason", "we need him");
        assertEquals("denied: account sato was disabled by ops of hoshu-platform; only they or the platform operator can"
                + " enable it", hospitalCannotUndo.stderr().strip());
    }

    @Test
    @Order(3)
    void theAuditLogHoldsTheDisableAndTheRefusals() {
        RunResult audit = hoshu.hoshu("tanaka", "audit", "--format", "jsonl");
        assertEquals(0, audit.exitCode(), audit::toString);
        List<String> lines = audit.stdout().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"lock.create\"") && l.contains("\"actor\":\"ops\"")),
                audit::toString);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"session.login\"") && l.contains("\"refused\"")
                && l.contains("account sato disabled")), audit::toString);
        RunResult all = hoshu.hoshu("ops", "audit", "--format", "jsonl");
        assertTrue(all.stdout().lines().anyMatch(l -> l.contains("\"account.disable\"") && l.contains("\"allowed\"")
                && l.contains("\"actor\":\"ops\"") && l.contains("\"target\":\"sato\"")), all::toString);
        assertTrue(all.stdout().lines().anyMatch(l -> l.contains("\"api.call\"") && l.contains("\"refused\"")
                && l.contains("\"actor\":\"sato\"")), all::toString);
    }

    @Test
    @Order(4)
    void enablingLetsHimAskAgain() {
        RunResult enable = hoshu.hoshu("ops", "accounts", "enable", "sato", "--reason", "rehired");
        assertEquals(0, enable.exitCode(), enable::toString);
        assertEquals("enabled account sato: no disable stands", enable.stdout().strip());
        assertEquals("", requestAsSato("WO-AGAIN"));
        RunResult hostile = hoshu.hoshu("ops", "accounts", "disable", "../sato", "--reason", "x");
        assertEquals("refused: '../sato' is not a valid account subject", hostile.stderr().strip());
    }
}
