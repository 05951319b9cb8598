package dev.hoshu.broker.siem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.audit.AuditLogDirectory;
import dev.hoshu.broker.audit.FileAuditTrail;
import dev.hoshu.tunnel.pki.PemFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log shipped to a real TLS syslog listener on 127.0.0.1: framed and parseable, only to a SIEM whose
 * certificate the configured CA signed for the configured host, and nothing lost when the SIEM or the broker restarts.
 */
class SiemForwarderTest {

    /** RFC 5424 as AuditSyslog writes it: PRI, version 1, timestamp, host, app, procid, msgid, SD, BOM message. */
    private static final String PARAMS = "((?: [^= \\]\"]+=\"(?:[^\"\\\\\\]]|\\\\.)*\")*)";
    private static final Pattern SYSLOG = Pattern.compile("<(\\d{1,3})>1 (\\S+) (\\S+) hoshu - (\\S+) \\[hoshu@32473"
            + PARAMS + "](?:\\[hoshuDetails@32473" + PARAMS + "])? \uFEFF(.*)");
    private static final Pattern INDEX = Pattern.compile(" i=\"(\\d+)\"");

    @TempDir
    Path dir;

    private TestCa ca;
    private Path caFile;
    private FileAuditTrail trail;
    private AuditLogDirectory directory;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        ca = new TestCa("Hospital SIEM CA");
        caFile = Files.writeString(dir.resolve("siem-ca.pem"), PemFiles.toPem(ca.certificate()));
        directory = new AuditLogDirectory(dir.resolve("audit"));
        trail = new FileAuditTrail(directory, "broker-1", Clock.systemUTC());
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        trail.close();
    }

    private SyslogReceiver receiver(TestCa.Issued identity) throws Exception {
        SyslogReceiver receiver = new SyslogReceiver(identity).start();
        toClose.add(receiver);
        return receiver;
    }

    private SiemForwarder forwarder(int port) {
        SiemSettings settings = new SiemSettings("127.0.0.1", port, caFile, null, null, Duration.ofMillis(100),
                Duration.ofSeconds(1));
        SiemForwarder forwarder = SiemForwarder.start(settings, directory, dir.resolve("audit-export"), Clock.systemUTC());
        toClose.add(forwarder);
        return forwarder;
    }

    private void record(int count, String action) {
        for (int n = 0; n < count; n++) {
            trail.record(new AuditEvent(action, "佐藤", "medserve", "hosp-a", "r-" + n, AuditEvent.Outcome.REFUSED,
                    "denied: \"quoted\" ] and a\nsecond line", Map.of("device", "CT-01")));
        }
    }

    private static TreeSet<Long> indexes(List<String> messages) {
        TreeSet<Long> found = new TreeSet<>();
        for (String message : messages) {
            Matcher syslog = SYSLOG.matcher(message);
            assertThat(syslog.matches()).as(message).isTrue();
            Matcher index = INDEX.matcher(syslog.group(5));
            assertThat(index.find()).as(message).isTrue();
            found.add(Long.parseLong(index.group(1)));
        }
        return found;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void eventsArriveAsOctetCountedRfc5424MessagesInOrder() throws Exception {
        SyslogReceiver siem = receiver(ca.issue("siem", "127.0.0.1"));
        record(3, "request.approve");
        SiemForwarder forwarder = forwarder(siem.port());
        record(2, "session.kill");

        await("5 events at the SIEM", () -> siem.messages().size() >= 5);

        List<String> messages = siem.messages();
        assertThat(messages).hasSize(5);
        assertThat(indexes(messages)).containsExactly(1L, 2L, 3L, 4L, 5L);
        Matcher first = SYSLOG.matcher(messages.get(0));
        assertThat(first.matches()).isTrue();
        assertThat(first.group(1)).isEqualTo("108"); // facility 13 (log audit) * 8 + severity 4 (warning: refused)
        assertThat(first.group(3)).isEqualTo("broker-1");
        assertThat(first.group(4)).isEqualTo("request.approve");
        assertThat(first.group(7)).isEqualTo("佐藤 request.approve r-0: refused (denied: \"quoted\" ] and a\\u000asecond line)");
        assertThat(SYSLOG.matcher(messages.get(4)).results().findFirst().orElseThrow().group(4)).isEqualTo("session.kill");
        await("the position to settle", () -> forwarder.acknowledged().map(p -> p.index() == 5).orElse(false));
        assertThat(Files.readString(dir.resolve("audit-export/siem-position.json"))).contains("\"index\":5");
        assertThat(forwarder.lastFailure()).isNull();
    }

    @Test
    void aSiemWhoseCertificateAnotherCaSignedIsRefused() throws Exception {
        SyslogReceiver impostor = receiver(new TestCa("Someone else's CA").issue("siem", "127.0.0.1"));
        record(2, "request.create");

        SiemForwarder forwarder = forwarder(impostor.port());

        await("a refused handshake", () -> forwarder.lastFailure() != null && impostor.handshakesFailed() > 0);
        assertThat(forwarder.lastFailure()).containsIgnoringCase("certification path");
        assertThat(impostor.messages()).isEmpty();
        assertThat(forwarder.acknowledged()).isEmpty();
        assertThat(dir.resolve("audit-export/siem-position.json")).doesNotExist();
    }

    @Test
    void aSiemWhoseCertificateNamesAnotherHostIsRefused() throws Exception {
        SyslogReceiver elsewhere = receiver(ca.issue("siem", "siem.other-hospital.example", "10.9.9.9"));
        record(2, "request.create");

        SiemForwarder forwarder = forwarder(elsewhere.port());

        await("a refused handshake", () -> forwarder.lastFailure() != null);
        assertThat(forwarder.lastFailure()).containsIgnoringCase("127.0.0.1");
        assertThat(elsewhere.messages()).isEmpty();
        assertThat(forwarder.acknowledged()).isEmpty();
    }

    @Test
    void aSiemRestartLosesNothing() throws Exception {
        SyslogReceiver siem = receiver(ca.issue("siem", "127.0.0.1"));
        SiemForwarder forwarder = forwarder(siem.port());
        record(5, "request.create");
        await("5 events", () -> indexes(siem.messages()).size() == 5);

        siem.stop();
        record(5, "request.approve");  // logged while the SIEM is down
        await("the forwarder to notice", () -> forwarder.lastFailure() != null);
        record(5, "grant.certificate");
        siem.start();

        await("all 15 events", () -> indexes(siem.messages()).size() == 15);
        assertThat(indexes(siem.messages())).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 15).boxed().toList());
        await("the position to settle", () -> forwarder.acknowledged().map(p -> p.index() == 15).orElse(false));
        assertThat(forwarder.lastFailure()).isNull();
    }

    @Test
    void aBrokerRestartResumesFromThePositionOnDiskWithoutResending() throws Exception {
        SyslogReceiver siem = receiver(ca.issue("siem", "127.0.0.1"));
        SiemForwarder first = forwarder(siem.port());
        record(3, "request.create");
        await("the position to settle", () -> first.acknowledged().map(p -> p.index() == 3).orElse(false));
        first.close();
        record(2, "request.approve");

        forwarder(siem.port());

        await("5 events", () -> siem.messages().size() >= 5);
        Thread.sleep(300);
        assertThat(siem.messages()).hasSize(5);
        assertThat(indexes(siem.messages())).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void aPositionThatNoLongerMatchesTheLogStopsTheExport() throws Exception {
        SyslogReceiver siem = receiver(ca.issue("siem", "127.0.0.1"));
        record(3, "request.create");
        String day = directory.files().get(0).getFileName().toString();
        Files.createDirectories(dir.resolve("audit-export"));
        Files.writeString(dir.resolve("audit-export/siem-position.json"), "{\"file\":\"" + day
                + "\",\"index\":2,\"hash\":\"" + "0".repeat(64) + "\",\"offset\":400}", StandardCharsets.UTF_8);

        SiemForwarder forwarder = forwarder(siem.port());

        await("a refusal", () -> forwarder.lastFailure() != null);
        assertThat(forwarder.lastFailure()).startsWith("audit export position siem-position.json does not match the audit log");
        Thread.sleep(300);
        assertThat(siem.messages()).isEmpty();
    }

    @Test
    void settingsWithoutACaOrWithHalfAClientIdentityAreRefused() {
        assertThatThrownBy(() -> new SiemSettings("siem.hosp-a.example", null, null, null, null, null, null))
                .hasMessageStartingWith("hoshu.audit.siem.ca-file is required");
        assertThatThrownBy(() -> new SiemSettings("siem.hosp-a.example", 6514, caFile, caFile, null, null, null))
                .hasMessage("hoshu.audit.siem.client-certificate and client-key go together");
        assertThatThrownBy(() -> new SiemSettings("siem.hosp-a.example", 70000, caFile, null, null, null, null))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> SiemForwarder.start(new SiemSettings("127.0.0.1", 6514, dir.resolve("missing.pem"),
                null, null, null, null), directory, dir.resolve("audit-export"), Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("hoshu.audit.siem: cannot set up TLS");
    }

    @Test
    void framesCountOctetsNotCharacters() {
        byte[] frame = SiemForwarder.frame("佐藤");
        assertThat(new String(frame, StandardCharsets.UTF_8)).isEqualTo("6 佐藤");
    }

    @Test
    void theExportCrossesIntoTheNextDaysFileInOrder() throws Exception {
        SyslogReceiver siem = receiver(ca.issue("siem", "127.0.0.1"));
        Instant[] now = {Instant.parse("2026-11-20T23:59:58Z")};
        Clock handMoved = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        // A node name that is not ASCII: offsets in the files are bytes, not characters.
        FileAuditTrail days = new FileAuditTrail(directory, "東京-broker", handMoved);
        try {
            days.record(new AuditEvent("request.create", "sato", "medserve", "hosp-a", "r-1", AuditEvent.Outcome.ALLOWED,
                    null, Map.of()));
            days.record(new AuditEvent("request.approve", "tanaka", "hosp-a", "hosp-a", "r-1", AuditEvent.Outcome.ALLOWED,
                    null, Map.of()));
            SiemForwarder forwarder = forwarder(siem.port());
            await("the first day's events", () -> siem.messages().size() >= 2);
            now[0] = now[0].plusSeconds(4);
            days.record(new AuditEvent("grant.certificate", "sato", "medserve", "hosp-a", "g-1", AuditEvent.Outcome.ALLOWED,
                    null, Map.of()));
            days.record(new AuditEvent("session.start", "sato", "medserve", "hosp-a", "s-1", AuditEvent.Outcome.ALLOWED,
                    null, Map.of()));

            await("the next day's events", () -> siem.messages().size() >= 4);

            List<String> messages = siem.messages();
            assertThat(messages).hasSize(4);
            assertThat(messages.stream().map(m -> {
                Matcher syslog = SYSLOG.matcher(m);
                assertThat(syslog.matches()).isTrue();
                return syslog.group(2).substring(0, 10) + " " + syslog.group(3) + " " + syslog.group(4);
            }).toList()).containsExactly("2026-11-20 __-broker request.create",
                    "2026-11-20 __-broker request.approve", "2026-11-21 __-broker grant.certificate",
                    "2026-11-21 __-broker session.start");
            await("the position in the new file", () -> forwarder.acknowledged()
                    .map(p -> p.file().equals("audit-2026-11-21.jsonl") && p.index() == 2).orElse(false));
        } finally {
            days.close();
        }
    }

    @Test
    void aPastDayThatCannotBeFinishedIsAStandingFailureNotASilentStall() throws Exception {
        SyslogReceiver siem = receiver(ca.issue("siem", "127.0.0.1"));
        Instant[] now = {Instant.parse("2026-11-19T03:00:00Z")};
        FileAuditTrail days = new FileAuditTrail(directory, "broker-1", Clock.fixed(now[0], java.time.ZoneOffset.UTC));
        days.record(new AuditEvent("request.create", "sato", "medserve", "hosp-a", "r-1", AuditEvent.Outcome.ALLOWED,
                null, Map.of()));
        days.record(new AuditEvent("request.approve", "tanaka", "hosp-a", "hosp-a", "r-1", AuditEvent.Outcome.ALLOWED,
                null, Map.of()));
        days.close();
        FileAuditTrail nextDay = new FileAuditTrail(directory, "broker-1",
                Clock.fixed(now[0].plusSeconds(86_400), java.time.ZoneOffset.UTC));
        nextDay.record(new AuditEvent("session.start", "sato", "medserve", "hosp-a", "s-1", AuditEvent.Outcome.ALLOWED,
                null, Map.of()));
        nextDay.close();
        Path torn = directory.dir().resolve("audit-2026-11-19.jsonl");
        byte[] bytes = Files.readAllBytes(torn);
        Files.write(torn, java.util.Arrays.copyOf(bytes, bytes.length - 20));

        SiemForwarder forwarder = forwarder(siem.port());
        await("the export to report the torn file", () -> forwarder.lastFailure() != null);

        assertThat(forwarder.lastFailure()).startsWith("audit log file audit-2026-11-19.jsonl cannot be read past byte ");
        // Reconnecting to the SIEM must not make the failure look cured: it stands until the file is repaired.
        long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        while (System.nanoTime() < until) {
            assertThat(forwarder.lastFailure()).isNotNull();
            Thread.sleep(10);
        }
        assertThat(siem.messages()).hasSize(1);
        assertThat(siem.messages().get(0)).contains(" request.create ");
    }
}
