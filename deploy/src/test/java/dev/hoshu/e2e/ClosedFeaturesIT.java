package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * REQ-TOOL-4 as an engineer with a stock OpenSSH client meets it: no shell, no port, agent or X11
 * forwarding, no environment variables, no subsystem but the ones Hoshu serves. Each is refused with one
 * line of Hoshu's on the engineer's terminal, nothing runs on the device, and the hospital's auditor finds
 * a {@code session.feature} event naming what was asked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClosedFeaturesIT {

    @TempDir
    static Path dir;

    private HoshuSystem hoshu;
    private List<String> certificate;

    @BeforeAll
    void startBrokerAndAgent() throws IOException {
        hoshu = HoshuSystem.start(dir);
        hoshu.startAgent("CT-01", "tanaka");
        hoshu.awaitOnline("CT-01", "hosp-a");
        hoshu.approvedRequest("sato", "tanaka", "CT-01", "status");
        RunResult first = hoshu.hoshu("sato", "ssh", "CT-01", "status");
        assertEquals(0, first.exitCode(), first::toString);
        Path keys = hoshu.home("sato").resolve("keys");
        try (Stream<Path> certs = Files.list(keys)) {
            Path cert = certs.filter(p -> p.getFileName().toString().endsWith("-cert.pub")).findFirst().orElseThrow();
            certificate = List.of("-i", keys.resolve("id_ed25519").toString(), "-o", "CertificateFile=" + cert);
        }
    }

    @AfterAll
    void stop() {
        if (hoshu != null) {
            hoshu.close();
        }
    }

    private List<String> with(String... options) {
        List<String> all = new ArrayList<>(certificate);
        all.addAll(List.of(options));
        return all;
    }

    @Test
    void aShellIsRefusedWithOneLine() {
        RunResult run = hoshu.ssh(with("-T"), "CT-01");

        assertEquals(1, run.exitCode(), run::toString);
        assertOneHoshuLine(run, "no interactive shell");
        assertAudited("shell", "shell");
    }

    @Test
    void localPortForwardingIsRefusedWhenTheForwardedConnectionOpens() throws IOException {
        int local = HoshuSystem.freePort();
        try (ManagedProcess ssh = hoshu.sshInBackground("ssh-L", with("-N", "-o", "ExitOnForwardFailure=yes",
                "-L", local + ":127.0.0.1:" + hoshu.sshPort), "CT-01")) {
            try (Socket forwarded = connectWhenListening(local)) {
                ssh.awaitOutput("open failed", Duration.ofSeconds(20));
                assertEquals(-1, forwarded.getInputStream().read(), "the forwarded connection carried bytes");
            }
            assertTrue(ssh.output().contains("administratively prohibited: refused: port forwarding (-L, -D, -W) to "
                    + "127.0.0.1:" + hoshu.sshPort + " is not allowed through Hoshu"), ssh.output());
        }
        assertAudited("port-forwarding", "direct-tcpip 127.0.0.1:" + hoshu.sshPort);
    }

    @Test
    void dynamicForwardingIsRefusedWhenTheSocksClientConnects() throws IOException {
        int local = HoshuSystem.freePort();
        try (ManagedProcess ssh = hoshu.sshInBackground("ssh-D", with("-N", "-D", "127.0.0.1:" + local), "CT-01")) {
            try (Socket socks = connectWhenListening(local)) {
                OutputStream out = socks.getOutputStream();
                InputStream in = socks.getInputStream();
                out.write(new byte[] {5, 1, 0}); // SOCKS5, one method: no authentication
                out.flush();
                assertEquals(5, in.read());
                assertEquals(0, in.read());
                out.write(new byte[] {5, 1, 0, 1, 10, 1, 2, 3, 0, 22}); // CONNECT 10.1.2.3:22
                out.flush();
                ssh.awaitOutput("open failed", Duration.ofSeconds(20));
            }
            assertTrue(ssh.output().contains("refused: port forwarding (-L, -D, -W) to 10.1.2.3:22 is not allowed"),
                    ssh.output());
        }
        assertAudited("port-forwarding", "direct-tcpip 10.1.2.3:22");
    }

    @Test
    void remoteForwardingRefusesTheCommandWithOneLine() {
        RunResult run = hoshu.ssh(with("-R", "127.0.0.1:18080:127.0.0.1:9"), "CT-01", "status");

        assertNotEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stderr().contains("Warning: remote port forwarding failed for listen port 18080"), run::toString);
        assertOneHoshuLine(run, "remote port forwarding (-R) of 127.0.0.1:18080 is not allowed");
        assertFalse(run.stdout().contains("gantry"), "the tool ran: " + run);
        assertAudited("remote-forwarding", "127.0.0.1:18080");
    }

    @Test
    void remoteForwardingWithExitOnForwardFailureEndsTheConnectionBeforeAnyCommand() {
        RunResult run = hoshu.ssh(with("-o", "ExitOnForwardFailure=yes", "-R", "127.0.0.1:18081:127.0.0.1:9"),
                "CT-01", "status");

        assertEquals(255, run.exitCode(), run::toString);
        assertTrue(run.stderr().contains("Error: remote port forwarding failed for listen port 18081"), run::toString);
        assertFalse(run.stdout().contains("gantry"), "the tool ran: " + run);
        assertAudited("remote-forwarding", "127.0.0.1:18081");
    }

    @Test
    void agentForwardingRefusesTheCommandWithOneLine() throws Exception {
        Path socket = dir.resolve("agent.sock");
        // OpenSSH sends no agent request unless it can reach an agent, so the engineer here has one (empty).
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true).start();
        try {
            Await.until(Duration.ofSeconds(10), "ssh-agent's socket", () -> Files.exists(socket));
            RunResult run = hoshu.ssh(with("-o", "IdentityAgent=" + socket, "-A"),
                    "CT-01", "status");

            assertNotEquals(0, run.exitCode(), run::toString);
            assertOneHoshuLine(run, "agent forwarding (-A) is not allowed");
            assertFalse(run.stdout().contains("gantry"), "the tool ran: " + run);
        } finally {
            agent.destroy();
            agent.waitFor();
        }
        assertAudited("agent-forwarding", "auth-agent-req@openssh.com");
    }

    @Test
    void x11ForwardingRefusesTheCommandWithOneLine() {
        RunResult run = hoshu.sshWithEnvironment(Map.of("DISPLAY", "127.0.0.1:42"), with("-X"), "CT-01", "status");

        assertNotEquals(0, run.exitCode(), run::toString);
        assertOneHoshuLine(run, "X11 forwarding (-X, -Y) is not allowed");
        assertFalse(run.stdout().contains("gantry"), "the tool ran: " + run);
        assertAudited("x11-forwarding", "x11-req");
    }

    @Test
    void anEnvironmentVariableRefusesTheCommandWithOneLine() {
        RunResult run = hoshu.ssh(with("-o", "SetEnv=LD_PRELOAD=/tmp/evil.so"), "CT-01", "status");

        assertNotEquals(0, run.exitCode(), run::toString);
        assertOneHoshuLine(run, "setting environment variables (SendEnv, SetEnv) (LD_PRELOAD) is not allowed");
        assertFalse(run.stdout().contains("gantry"), "the tool ran: " + run);
        assertAudited("environment", "env LD_PRELOAD");
    }

    @Test
    void theLocaleThatStockSshConfigsSendIsDroppedNotRefused() {
        RunResult run = hoshu.ssh(with("-o", "SetEnv=LANG=ja_JP.UTF-8 LC_ALL=ja_JP.UTF-8"), "CT-01", "status");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stdout().contains("gantry: nominal"), run::toString);
    }

    @Test
    void aSubsystemIsRefusedWithOneLine() {
        RunResult run = hoshu.ssh(with("-s"), "CT-01", "netconf");

        assertEquals(1, run.exitCode(), run::toString);
        assertOneHoshuLine(run, "subsystem 'netconf' is not allowed");
        assertAudited("subsystem", "subsystem netconf");
    }

    /** Hoshu's refusal is one line; OpenSSH may add its own warnings, which are not Hoshu's to change. */
    private static void assertOneHoshuLine(RunResult run, String mentions) {
        List<String> ours = run.stderr().lines().filter(l -> l.startsWith("refused:")).toList();
        assertEquals(1, ours.size(), "one refusal line of Hoshu's on stderr: " + run);
        assertTrue(ours.get(0).contains(mentions), "the refusal names '" + mentions + "': " + run);
        assertTrue(ours.get(0).endsWith("(REQ-TOOL-4)"), run::toString);
    }

    private void assertAudited(String feature, String request) {
        RunResult audit = hoshu.hoshu("suzuki", "audit", "--format", "jsonl", "--action", "session.feature");
        assertEquals(0, audit.exitCode(), audit::toString);
        assertTrue(audit.stdout().lines().anyMatch(line -> line.contains("\"outcome\":\"refused\"")
                        && line.contains("\"feature\":\"" + feature + "\"")
                        && line.contains("\"request\":\"" + request + "\"")
                        && line.contains("\"actor\":\"sato\"")),
                "a refused session.feature event for " + feature + " (" + request + ") by sato: " + audit);
    }

    private static Socket connectWhenListening(int port) {
        Socket[] connected = new Socket[1];
        Await.until(Duration.ofSeconds(20), "ssh to listen on " + port, () -> {
            try {
                connected[0] = new Socket(InetAddress.getLoopbackAddress(), port);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
        return connected[0];
    }
}
