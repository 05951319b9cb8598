package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.pki.PemFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
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
 * A device's life as hospital IT meets it (REQ-NET-1…4): the ledger shows CT-01 online with its inventory
 * and measured clock offset; its 40-second certificate renews over the tunnel under a running session;
 * an expired certificate and a reused join token are refused with their reason; decommissioning ends the
 * live session within a second, with the reason on the engineer's terminal, and its redials are refused. The
 * packaged agent (with its own Java runtime) enrolls, runs and is upgraded without losing its identity.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeviceLifecycleIT {

    private static final Pattern STEP = Pattern.compile("selftest: step (\\d+)/600");

    @TempDir
    static Path dir;

    private HoshuSystem hoshu;
    private ManagedProcess selftest;

    @BeforeAll
    void start() {
        // Agents renew at half life: every 20 s here instead of every 12 h.
        hoshu = HoshuSystem.start(dir.resolve("site"), "--hoshu.device-cert-ttl=40s");
        hoshu.startAgent("CT-01", "tanaka", "--model", "Aquilion ONE", "--firmware", "V10.2");
        hoshu.awaitOnline("CT-01", "hosp-a");
        hoshu.broker().awaitOutput("device CT-01 (hosp-a) reported agent", Duration.ofSeconds(30));
    }

    @AfterAll
    void stop() {
        if (selftest != null) {
            selftest.close();
        }
        if (hoshu != null) {
            hoshu.close();
        }
    }

    @Test
    @Order(1)
    void theLedgerShowsTheDeviceOnlineWithItsInventoryAndClockOffset() {
        RunResult devices = hoshu.hoshu("suzuki", "devices");

        assertEquals(0, devices.exitCode(), devices::toString);
        String row = devices.stdout().lines().filter(l -> l.startsWith("CT-01")).findFirst().orElseThrow(
                () -> new AssertionError("no CT-01 in " + devices));
        assertTrue(row.contains("ENROLLED") && row.contains("since "), row);
        assertTrue(row.contains("Aquilion ONE") && row.contains("V10.2") && row.contains("0.1.0"), row);
        assertTrue(row.contains(System.getProperty("os.name")), "OS from the agent's own system: " + row);
        assertTrue(Pattern.compile("\\s[+-]?\\d+ms\\s").matcher(row).find(), "a measured clock offset: " + row);
        RunResult other = hoshu.hoshu("kato", "devices");
        assertFalse(other.stdout().contains("CT-01"), "another hospital sees CT-01: " + other);
    }

    @Test
    @Order(2)
    void aRunningSessionSurvivesTheCertificateRenewal() throws IOException {
        hoshu.approvedRequest("sato", "tanaka", "CT-01", "status", "selftest");
        RunResult first = hoshu.hoshu("sato", "ssh", "CT-01", "status");
        assertEquals(0, first.exitCode(), first::toString);
        selftest = hoshu.sshInBackground("selftest-ssh", grantCertificate(), "CT-01", "selftest");
        selftest.awaitOutput("step 2/600", Duration.ofSeconds(30));
        BigInteger before = serialOnDisk();

        Await.until(Duration.ofSeconds(60), "the agent's certificate renewed", () -> !serialOnDisk().equals(before));
        int atRenewal = lastStep(selftest.output());
        selftest.awaitOutput("step " + (atRenewal + 3) + "/600", Duration.ofSeconds(20));

        assertTrue(selftest.isAlive(), "the session ended across the renewal:\n" + selftest.output());
        assertTrue(hoshu.broker().output().contains("device CT-01 (hosp-a) certificate renewed"), "broker says so");
        assertFalse(agentLog().contains("broker disconnected"), "the tunnel dropped for the renewal");
    }

    @Test
    @Order(3)
    void anExpiredCertificateIsRefusedWithItsReason() throws Exception {
        Path stale = HoshuSystem.copyTree(hoshu.agentDir("CT-01"), dir.resolve("stale-agent"));
        Path pki = hoshu.brokerData().resolve("pki");
        X509Certificate ca = PemFiles.readCertificates(pki.resolve("device-ca.crt")).get(0);
        KeyPair caKeys = new KeyPair(ca.getPublicKey(), PemFiles.readPrivateKey(pki.resolve("device-ca.key")));
        X509Certificate current = PemFiles.readCertificates(stale.resolve("device.crt")).get(0);
        KeyPair deviceKeys = new KeyPair(current.getPublicKey(), PemFiles.readPrivateKey(stale.resolve("device.key")));
        Instant expired = Instant.now().minus(Duration.ofHours(1));
        X509Certificate old = DeviceCertificates.issueDevice(DeviceCertificates.csr(deviceKeys, "CT-01"), "CT-01",
                "hosp-a", caKeys, ca, expired.minus(Duration.ofDays(1)), expired);
        PemFiles.writeCertificates(stale.resolve("device.crt"), List.of(old, ca));

        ManagedProcess agent = hoshu.runAgent("CT-01", stale);
        hoshu.broker().awaitOutput("refused: certificate of device CT-01 expired at", Duration.ofSeconds(30));
        agent.close();

        assertTrue(auditLog().contains("\"device.tunnel\""), "the refusal is audited");
    }

    @Test
    @Order(4)
    void aReusedJoinTokenIsRefusedWithItsReason() {
        RunResult token = hoshu.hoshu("tanaka", "enroll-token", "MR-07", "--quiet");
        assertEquals(0, token.exitCode(), token::toString);

        RunResult first = hoshu.enroll(token.stdout().strip(), dir.resolve("mr-07-a"));
        RunResult replay = hoshu.enroll(token.stdout().strip(), dir.resolve("mr-07-b"));

        assertEquals(0, first.exitCode(), first::toString);
        assertEquals(1, replay.exitCode(), replay::toString);
        assertEquals("enroll refused: join token already used", replay.stderr().strip());
    }

    @Test
    @Order(5)
    void decommissioningEndsTheLiveSessionWithinASecondAndRefusesTheRedial() {
        assertTrue(selftest != null && selftest.isAlive(), "the selftest session from the renewal test runs");

        RunResult decommission = hoshu.hoshu("tanaka", "decommission", "CT-01", "--reason", "scanner replaced");
        long answered = System.nanoTime();

        assertEquals(0, decommission.exitCode(), decommission::toString);
        assertNotEquals(0, selftest.awaitExit(Duration.ofSeconds(5)));
        long tookMillis = (System.nanoTime() - answered) / 1_000_000;
        assertTrue(tookMillis < 1_000, "the session ended " + tookMillis + " ms after the broker answered");
        Matcher notice = Pattern.compile("hoshu: session s-[0-9a-f]+ ended: device CT-01 decommissioned by tanaka: "
                + "scanner replaced").matcher(selftest.output());
        assertTrue(notice.find(), selftest.output());

        hoshu.broker().awaitOutput("refused: device CT-01 was decommissioned by tanaka", Duration.ofSeconds(30));
        RunResult devices = hoshu.hoshu("tanaka", "devices");
        assertTrue(devices.stdout().lines().anyMatch(l -> l.startsWith("CT-01") && l.contains("DECOMMISSIONED")
                && l.contains(" no ")), devices::toString);
        RunResult again = hoshu.hoshu("tanaka", "decommission", "CT-01", "--reason", "twice");
        assertEquals(1, again.exitCode(), again::toString);
        assertEquals("refused: device CT-01 is already decommissioned", again.stderr().strip());
        String audit = auditLog();
        assertTrue(audit.contains("\"device.decommission\""), "decommissioning is audited");
    }

    /**
     * As a device installs the agent: the packaged archive (its own trimmed Java runtime) unpacked under an
     * install folder and started with no Java on the PATH; then upgraded by unpacking the next version beside it and
     * moving the {@code current} link. The identity lives in the data folder, so the upgraded agent comes back
     * as the same device without a new join token.
     */
    @Test
    @Order(6)
    void thePackagedAgentRunsOnItsOwnRuntimeAndAnUpgradeKeepsItsIdentity() throws IOException {
        Path archive = Path.of(System.getProperty("hoshu.agent.archive", "missing-agent-archive"));
        assertTrue(Files.isRegularFile(archive), "the agent archive is built by mvn package: " + archive);
        Path install = dir.resolve("opt/hoshu-agent");
        Path data = dir.resolve("var/lib/hoshu-agent");
        Path farm = pathWithoutJava();
        try {
            runPackagedAgentAndUpgradeIt(archive, install, data, Map.of("PATH", farm.toString()));
        } finally {
            // JUnit warns about every link out of its temporary folder that it deletes: the test deletes its own.
            try (Stream<Path> links = Files.list(farm)) {
                for (Path link : (Iterable<Path>) links::iterator) {
                    Files.delete(link);
                }
            }
        }
    }

    private void runPackagedAgentAndUpgradeIt(Path archive, Path install, Path data, Map<String, String> noJava)
            throws IOException {
        Path current = install.resolve("current");
        hoshu.installSignedTools(data);
        Files.createSymbolicLink(current, unpack(archive, install.resolve("1")).getFileName());
        RunResult token = hoshu.hoshu("tanaka", "enroll-token", "CT-02", "--quiet");
        assertEquals(0, token.exitCode(), token::toString);

        RunResult enroll = Commands.run(List.of(current.resolve("bin/device-agent").toString(), "enroll", "--broker",
                "127.0.0.1:" + hoshu.tunnelPort, "--token", token.stdout().strip(), "--data", data.toString()),
                noJava, null, dir);
        assertEquals(0, enroll.exitCode(), enroll::toString);
        String deviceKey = Files.readString(data.resolve("device.key"));
        ManagedProcess agent = startPackagedAgent(current, data, noJava, "1");
        hoshu.awaitOnline("CT-02", "hosp-a");
        assertTrue(javaOf(agent).startsWith(install.resolve("1").toRealPath()), "runs on " + javaOf(agent));
        hoshu.approvedRequest("sato", "tanaka", "CT-02", "status");
        RunResult before = hoshu.hoshu("sato", "ssh", "CT-02", "status");
        assertEquals(0, before.exitCode(), before::toString);

        agent.close();
        Path next = unpack(archive, install.resolve("2"));
        Files.delete(current);
        Files.createSymbolicLink(current, next.getFileName());
        ManagedProcess upgraded = startPackagedAgent(current, data, noJava, "2");
        Await.until(Duration.ofSeconds(60), "CT-02 online again after the upgrade",
                () -> occurrences(hoshu.broker().output(), "device CT-02 (hosp-a) online") >= 2);

        assertTrue(javaOf(upgraded).startsWith(next.toRealPath()), "runs on " + javaOf(upgraded));
        assertEquals(deviceKey, Files.readString(data.resolve("device.key")), "the device key is kept");
        RunResult after = hoshu.hoshu("sato", "ssh", "CT-02", "status");
        assertEquals(0, after.exitCode(), after::toString);
        assertEquals(before.stdout().lines().findFirst(), after.stdout().lines().findFirst(), after::toString);
        upgraded.close();
    }

    private ManagedProcess startPackagedAgent(Path install, Path data, Map<String, String> env, String run) {
        return ManagedProcess.start("packaged agent " + run, List.of(install.resolve("bin/device-agent").toString(),
                "run", "--data", data.toString(), "--tools", data.resolve("tools").toString(), "--trust",
                data.resolve("trusted-keys").toString()), env, dir.resolve("logs/packaged-agent-" + run + ".log"));
    }

    /** Unpacks the archive's one top folder into {@code target}, as an installer does for each version. */
    private static Path unpack(Path archive, Path target) throws IOException {
        Files.createDirectories(target);
        RunResult tar = Commands.run(List.of("tar", "-xzf", archive.toString(), "-C", target.toString(),
                "--strip-components=1"), Map.of(), null, target);
        assertEquals(0, tar.exitCode(), tar::toString);
        return target;
    }

    /** A PATH with every program of /usr/bin and /bin but Java's, so only the packaged runtime can start. */
    private static Path pathWithoutJava() throws IOException {
        Path farm = Files.createDirectories(dir.resolve("path-without-java"));
        for (Path bin : List.of(Path.of("/usr/bin"), Path.of("/bin"))) {
            try (Stream<Path> programs = Files.list(bin)) {
                for (Path program : (Iterable<Path>) programs::iterator) {
                    Path link = farm.resolve(program.getFileName().toString());
                    if (!program.getFileName().toString().startsWith("java") && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, program);
                    }
                }
            }
        }
        return farm;
    }

    private static Path javaOf(ManagedProcess process) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", String.valueOf(process.pid()), "exe"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    private List<String> grantCertificate() throws IOException {
        Path keys = hoshu.home("sato").resolve("keys");
        try (Stream<Path> certs = Files.list(keys)) {
            Path certificate = certs.filter(p -> p.getFileName().toString().endsWith("-cert.pub")).findFirst()
                    .orElseThrow();
            return List.of("-i", keys.resolve("id_ed25519").toString(), "-o", "CertificateFile=" + certificate);
        }
    }

    private BigInteger serialOnDisk() {
        try {
            return PemFiles.readCertificates(hoshu.agentDir("CT-01").resolve("device.crt")).get(0).getSerialNumber();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int lastStep(String output) {
        int last = 0;
        for (Matcher m = STEP.matcher(output); m.find(); ) {
            last = Integer.parseInt(m.group(1));
        }
        return last;
    }

    private String agentLog() {
        return read(hoshu.dir.resolve("logs/agent-CT-01-0.log"));
    }

    private String auditLog() {
        try (Stream<Path> files = Files.list(hoshu.brokerData().resolve("audit"))) {
            return files.filter(p -> p.toString().endsWith(".jsonl")).map(DeviceLifecycleIT::read)
                    .reduce("", String::concat);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
