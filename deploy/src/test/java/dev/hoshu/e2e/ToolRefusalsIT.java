package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * REQ-TOOL-3 with hostile input through the real OpenSSH client: arguments outside the tool's signed argument
 * schema, control characters, oversized commands, an unsigned tool and one signed by a manufacturer the device
 * does not trust. Each is one line on the engineer's stderr, nothing runs, and the hospital's auditor finds the
 * refusal ({@code tool.run} when the device refused, {@code session.start} when the gateway did). A tool file
 * changed after signing is {@code SessionPathIT}'s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ToolRefusalsIT {

    @TempDir
    static Path dir;

    private HoshuSystem hoshu;
    private List<String> certificate;
    private Path marker;

    @BeforeAll
    void startBrokerAndAgent() throws IOException {
        hoshu = HoshuSystem.start(dir);
        hoshu.startAgent("CT-01", "tanaka");
        hoshu.awaitOnline("CT-01", "hosp-a");
        hoshu.approvedRequest("sato", "tanaka", "CT-01", "status", "logcollect");
        RunResult first = hoshu.hoshu("sato", "ssh", "CT-01", "logcollect", "--lines", "3");
        assertEquals(0, first.exitCode(), first::toString);
        assertEquals(3, first.stdout().lines().count(), first::toString);
        Path keys = hoshu.home("sato").resolve("keys");
        try (Stream<Path> certs = Files.list(keys)) {
            Path cert = certs.filter(p -> p.getFileName().toString().endsWith("-cert.pub")).findFirst().orElseThrow();
            certificate = List.of("-i", keys.resolve("id_ed25519").toString(), "-o", "CertificateFile=" + cert);
        }
        marker = dir.resolve("pwned");
    }

    @AfterAll
    void stop() {
        if (hoshu != null) {
            hoshu.close();
        }
    }

    @Test
    void aSemicolonCommandIsOneArgumentTheSchemaRefuses() {
        RunResult run = hoshu.ssh(certificate, "CT-01", "logcollect", "'; touch " + marker + "'");

        assertDeviceRefused(run, "denied: argument '; touch " + marker + "' is not allowed for tool 'logcollect'");
    }

    @Test
    void commandSubstitutionIsAValueTheSchemaRefuses() {
        RunResult run = hoshu.ssh(certificate, "CT-01", "logcollect", "--lines", "'$(touch " + marker + ")'");

        assertDeviceRefused(run, "denied: value '$(touch " + marker + ")' of --lines is not allowed for tool "
                + "'logcollect' (must match [0-9]{1,4})");
    }

    @Test
    void backticksAreAValueTheSchemaRefuses() {
        RunResult run = hoshu.ssh(certificate, "CT-01", "logcollect", "--lines", "'`touch " + marker + "`'");

        assertDeviceRefused(run, "denied: value '`touch " + marker + "`' of --lines is not allowed");
    }

    @Test
    void aTraversalPathIsRefused() {
        RunResult run = hoshu.ssh(certificate, "CT-01", "logcollect", "../../etc/passwd");

        assertDeviceRefused(run, "denied: argument '../../etc/passwd' is not allowed for tool 'logcollect' "
                + "(it takes no arguments but its flags: --lines)");
    }

    @Test
    void aFlagTheManufacturerDidNotDeclareIsRefused() {
        RunResult run = hoshu.ssh(certificate, "CT-01", "status", "--output=/etc/shadow");

        assertDeviceRefused(run, "denied: argument '--output=/etc/shadow' is not allowed for tool 'status' "
                + "(not one of its flags: --fail, --verbose)");
    }

    @Test
    void anArgumentLongerThanAnyToolAcceptsIsRefusedByTheDevice() {
        RunResult run = hoshu.ssh(certificate, "CT-01", "status", "x".repeat(2000));

        assertDeviceRefused(run, "denied: an argument of 2000 bytes is not allowed for tool 'status' (at most 1024)");
    }

    @Test
    void aControlCharacterIsRefusedAtTheGateway() {
        RunResult run = hoshu.ssh(certificate, "CT-01", "status", "a\u0001b");

        assertGatewayRefused(run, "refused: command contains a control character");
    }

    @Test
    void anOversizedCommandIsRefusedAtTheGatewayWithOneLine() {
        // execve(2) takes at most 128 KiB per argument; ssh joins its arguments into one exec request of ~200 KiB,
        // which still fits the 256 KiB SSH packet the gateway accepts (a 1 MiB one does not: see docs/tools.md).
        RunResult run = hoshu.ssh(certificate, "CT-01", "status", "y".repeat(100 * 1024), "z".repeat(100 * 1024));

        assertGatewayRefused(run, "refused: command is longer than 4096 bytes");
    }

    @Test
    void aCommandLargerThanAnSshPacketEndsTheConnectionWithOneLineAndIsAudited() {
        // Nine arguments of 120 KiB (each under execve's 128 KiB): one exec request of about 1.1 MiB, more than the
        // 256 KiB packet the gateway decodes, so it is refused before any request handler reads it.
        String[] command = new String[10];
        command[0] = "status";
        for (int i = 1; i < command.length; i++) {
            command[i] = "w".repeat(120 * 1024);
        }
        RunResult run = hoshu.ssh(certificate, "CT-01", command);

        assertEquals(255, run.exitCode(), run::toString);
        String line = "refused: command is longer than 4096 bytes (an SSH packet of ";
        assertTrue(run.stderr().lines().anyMatch(l -> l.contains(line) && l.endsWith("more than the gateway's 262144)")),
                "OpenSSH shows the gateway's reason for the disconnect: " + run);
        assertFalse(run.stdout().contains("gantry"), "the tool ran: " + run);
        assertAudited("session.start", line);
    }

    @Test
    void anUnsignedToolIsRefusedAndAudited() throws IOException {
        Path signature = hoshu.agentDir("CT-01").resolve("tools/status/manifest.json.jws");
        Path aside = dir.resolve("status.jws");
        Files.move(signature, aside);
        try {
            RunResult run = hoshu.ssh(certificate, "CT-01", "status");

            assertDeviceRefused(run, "refused: tool 'status' is not signed (no manifest.json.jws)");
        } finally {
            Files.move(aside, signature, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void aToolSignedByAnUntrustedManufacturerIsRefusedAndAudited() throws IOException {
        Path tool = hoshu.agentDir("CT-01").resolve("tools/status");
        Path original = HoshuSystem.copyTree(tool, dir.resolve("status-original"));
        try {
            RunResult keygen = hoshu.hoshu("tanaka", "tools", "keygen", "--out", dir.resolve("impostor").toString());
            assertEquals(0, keygen.exitCode(), keygen::toString);
            RunResult sign = hoshu.hoshu("tanaka", "tools", "sign", "--key", dir.resolve("impostor.key").toString(),
                    tool.toString());
            assertEquals(0, sign.exitCode(), sign::toString);

            RunResult run = hoshu.ssh(certificate, "CT-01", "status");

            assertDeviceRefused(run, "refused: tool 'status' is signed by an untrusted key sha256:");
        } finally {
            HoshuSystem.copyTree(original, tool);
        }
        RunResult again = hoshu.ssh(certificate, "CT-01", "status");
        assertEquals(0, again.exitCode(), again::toString);
    }

    /**
     * OpenSSH builds its command from C strings, so no NUL can come from it; an attacker's own client can send one.
     * MINA's client, with the engineer's real key and grant certificate, puts one in the exec request.
     */
    @Test
    void aNulByteFromAClientThatCanSendOneIsRefusedAtTheGateway() throws Exception {
        Path keys = hoshu.home("sato").resolve("keys");
        String certLine;
        try (Stream<Path> certs = Files.list(keys)) {
            certLine = Files.readString(certs.filter(p -> p.getFileName().toString().endsWith("-cert.pub"))
                    .findFirst().orElseThrow()).strip();
        }
        java.security.PublicKey cert = org.apache.sshd.common.config.keys.PublicKeyEntry.parsePublicKeyEntry(certLine)
                .resolvePublicKey(null, java.util.Map.of(),
                        org.apache.sshd.common.config.keys.PublicKeyEntryResolver.FAILING);
        java.security.KeyPair key;
        try (var in = Files.newInputStream(keys.resolve("id_ed25519"))) {
            key = org.apache.sshd.common.util.security.SecurityUtils.loadKeyPairIdentities(null,
                    org.apache.sshd.common.NamedResource.ofName("id_ed25519"), in, null).iterator().next();
        }
        org.apache.sshd.client.SshClient client = org.apache.sshd.client.SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        Integer status;
        try (var session = client.connect("CT-01", "127.0.0.1", hoshu.sshPort).verify(java.time.Duration.ofSeconds(20))
                .getSession()) {
            session.addPublicKeyIdentity(new java.security.KeyPair(cert, key.getPrivate()));
            session.auth().verify(java.time.Duration.ofSeconds(20));
            try (var exec = session.createExecChannel("status a\u0000b")) {
                exec.setOut(out);
                exec.setErr(err);
                exec.open().verify(java.time.Duration.ofSeconds(20));
                exec.waitFor(java.util.EnumSet.of(org.apache.sshd.client.channel.ClientChannelEvent.CLOSED),
                        java.time.Duration.ofSeconds(20));
                status = exec.getExitStatus();
            }
        } finally {
            client.stop();
        }
        String line = "refused: command contains a control character";
        assertEquals(1, status, err::toString);
        assertTrue(err.toString(java.nio.charset.StandardCharsets.UTF_8).startsWith(line), err::toString);
        assertEquals(1, err.toString(java.nio.charset.StandardCharsets.UTF_8).strip().lines().count(), err::toString);
        assertEquals("", out.toString(java.nio.charset.StandardCharsets.UTF_8), "the tool did not run");
        assertAudited("session.start", line);
    }

    private void assertDeviceRefused(RunResult run, String line) {
        assertEquals(126, run.exitCode(), run::toString);
        assertOneLine(run, line);
        assertAudited("tool.run", line);
    }

    private void assertGatewayRefused(RunResult run, String line) {
        assertEquals(1, run.exitCode(), run::toString);
        assertOneLine(run, line);
        assertAudited("session.start", line);
    }

    private void assertOneLine(RunResult run, String line) {
        List<String> lines = run.stderr().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "one line on stderr: " + run);
        assertTrue(lines.get(0).startsWith(line), "expected '" + line + "…': " + run);
        assertFalse(Files.exists(marker), "a shell ran the engineer's metacharacters");
        assertFalse(run.stdout().contains("gantry") || run.stdout().contains("encoder"), "the tool ran: " + run);
    }

    private void assertAudited(String action, String reason) {
        RunResult audit = hoshu.hoshu("suzuki", "audit", "--format", "jsonl", "--action", action);
        assertEquals(0, audit.exitCode(), audit::toString);
        String escaped = reason.replace("\\", "\\\\").replace("\"", "\\\"");
        assertTrue(audit.stdout().lines().anyMatch(l -> l.contains("\"outcome\":\"refused\"")
                        && l.contains("\"reason\":\"" + escaped) && l.contains("\"actor\":\"sato\"")),
                "a refused " + action + " event by sato with reason '" + reason + "': " + audit);
    }
}
