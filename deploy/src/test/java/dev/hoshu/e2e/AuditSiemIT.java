package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.broker.siem.SyslogReceiver;
import dev.hoshu.broker.siem.TestCa;
import dev.hoshu.tunnel.pki.PemFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged broker ships its audit log to a SIEM's syslog-over-TLS listener (hoshu.audit.siem.*): a refused act
 * arrives as an RFC 5424 message, and one logged while the SIEM restarts arrives once it is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditSiemIT {

    @TempDir
    static Path dir;

    private HoshuSystem hoshu;
    private SyslogReceiver siem;

    @BeforeAll
    void start() throws Exception {
        TestCa ca = new TestCa("Hospital SIEM CA");
        Path caFile = Files.writeString(dir.resolve("siem-ca.pem"), PemFiles.toPem(ca.certificate()));
        siem = new SyslogReceiver(ca.issue("siem", "127.0.0.1")).start();
        hoshu = HoshuSystem.start(dir, "--hoshu.audit.siem.host=127.0.0.1", "--hoshu.audit.siem.port=" + siem.port(),
                "--hoshu.audit.siem.ca-file=" + caFile, "--hoshu.audit.siem.settle=200ms",
                "--hoshu.audit.siem.retry-cap=2s");
    }

    @AfterAll
    void stop() throws Exception {
        if (hoshu != null) {
            hoshu.close();
        }
        if (siem != null) {
            siem.close();
        }
    }

    private void awaitMessage(String what, Predicate<String> matching) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (siem.messages().stream().noneMatch(matching)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the SIEM never got " + what + "; it got " + siem.messages());
            }
            Thread.sleep(100);
        }
    }

    @Test
    void aRefusedActReachesTheSiemAndNothingIsLostWhileItRestarts() throws Exception {
        RunResult refused = hoshu.hoshu("sato", "approve", "r-doesnotexist");
        assertTrue(refused.exitCode() != 0, refused::toString);

        awaitMessage("sato's refused approval", m -> m.startsWith("<108>1 ")
                && m.contains(" hoshu - request.approve [hoshu@32473 ") && m.contains(" actor=\"sato\"")
                && m.contains(" outcome=\"refused\""));

        siem.stop();
        RunResult whileDown = hoshu.hoshu("kato", "approve", "r-whilesiemisdown");
        assertTrue(whileDown.exitCode() != 0, whileDown::toString);
        Thread.sleep(1000);
        siem.start();

        awaitMessage("kato's refused approval, logged while the SIEM was down", m -> m.contains(" actor=\"kato\"")
                && m.contains(" target=\"r-whilesiemisdown\""));
        List<String> log = Files.readAllLines(dir.resolve("logs/broker.log"));
        assertTrue(log.stream().anyMatch(line -> line.contains("audit export to SIEM 127.0.0.1:" + siem.port()
                + ": connected again")), "the broker log tells of the outage and the reconnection");
    }
}
