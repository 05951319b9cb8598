package dev.hoshu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.json.JsonMapper;

/** {@code hoshu ssh} with the real ssh-keygen and a stand-in ssh that records its argv. */
class SshCommandTest {

    private static final String CERT = "ssh-ed25519-cert-v01@openssh.com AAAAIHNzaC1lZDI1NTE5LWNlcnQ= g-3";

    @TempDir
    Path home;

    @TempDir
    Path bin;

    private FakeBroker broker;
    private Path argvFile;
    private Cli cli;

    @BeforeEach
    void start() throws Exception {
        broker = new FakeBroker();
        argvFile = bin.resolve("argv");
        Path fakeSsh = bin.resolve("ssh");
        Files.writeString(fakeSsh, "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + argvFile + "'\nexit 7\n");
        Files.setPosixFilePermissions(fakeSsh, PosixFilePermissions.fromString("rwx------"));
        cli = new Cli(home).loggedIn(broker.url(), null).sshProgram(fakeSsh.toString());
        broker.answer("GET /api/v1/grants", 200, """
                [{"grant":{"id":"g-1","device":"CT-01","engineer":"sato","notBefore":"2026-03-01T00:00:00Z",
                           "notAfter":"2026-03-01T01:00:00Z","revokedAt":null}},
                 {"grant":{"id":"g-2","device":"CT-01","engineer":"sato","notBefore":"2026-04-01T07:30:00Z",
                           "notAfter":"2026-04-01T09:00:00Z","revokedAt":"2026-04-01T07:35:00Z"}},
                 {"grant":{"id":"g-3","device":"CT-01","engineer":"sato","notBefore":"2026-04-01T07:00:00Z",
                           "notAfter":"2026-04-01T08:42:00Z","revokedAt":null}},
                 {"grant":{"id":"g-4","device":"MR-02","engineer":"sato","notBefore":"2026-04-01T07:10:00Z",
                           "notAfter":"2026-04-01T09:00:00Z","revokedAt":null}},
                 {"grant":{"id":"g-5","device":"CT-01","engineer":"sato","notBefore":"2026-04-01T09:00:00Z",
                           "notAfter":"2026-04-01T10:00:00Z","revokedAt":null}}]""");
        broker.answer("POST /api/v1/grants/g-3/certificate", 200,
                "{\"certificate\":\"" + CERT + "\",\"validBefore\":\"2026-04-01T08:42:00Z\"}");
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void anArgumentWithSpacesOrQuotesReachesTheGatewayAsOneArgument() throws Exception {
        Cli.Result result = cli.run("ssh", "CT-01", "logcollect", "note with spaces", "it's");

        assertEquals(7, result.status(), result.err());
        List<String> argv = Files.readAllLines(argvFile);
        String sent = argv.get(argv.size() - 1);
        assertEquals(List.of("logcollect", "note with spaces", "it's"), dev.hoshu.access.CommandLine.parse(sent));
    }

    @Test
    void certifiesTheKeyForTheLiveGrantAndHandsOverToSsh() throws Exception {
        Cli.Result result = cli.run("ssh", "CT-01", "status", "--verbose");

        assertEquals(7, result.status(), "ssh's exit status is hoshu's: " + result.err());
        Path keys = home.resolve("keys");
        Path cert = keys.resolve("g-3-cert.pub");
        assertEquals(List.of(
                "-p", "2222",
                "-i", keys.resolve("id_ed25519").toString(),
                "-o", "CertificateFile=\"" + cert + "\"",
                "-o", "IdentitiesOnly=yes",
                "-o", "UserKnownHostsFile=\"" + home.resolve("known_hosts") + "\"",
                "-o", "StrictHostKeyChecking=accept-new",
                "--",
                "CT-01@127.0.0.1",
                "status --verbose"), Files.readAllLines(argvFile));

        assertEquals(CERT + "\n", Files.readString(cert));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cert)));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(keys.resolve("id_ed25519"))));
        FakeBroker.Sent certify = broker.sent().get(1);
        assertEquals("/api/v1/grants/g-3/certificate", certify.path());
        String publicKey = Files.readString(keys.resolve("id_ed25519.pub")).strip();
        assertTrue(publicKey.startsWith("ssh-ed25519 "), publicKey);
        assertEquals(publicKey, JsonMapper.shared().readTree(certify.body()).path("publicKey").asString());
    }

    @Test
    void keyPairIsMadeOnceAndReused() throws Exception {
        cli.run("ssh", "CT-01", "status");
        String first = Files.readString(home.resolve("keys/id_ed25519.pub"));

        cli.run("ssh", "CT-01", "status");

        assertEquals(first, Files.readString(home.resolve("keys/id_ed25519.pub")));
    }

    @Test
    void explicitGrantAndGatewayAreUsedAsGiven() throws Exception {
        broker.answer("POST /api/v1/grants/g-9/certificate", 200, "{\"certificate\":\"" + CERT + "\"}");

        Cli.Result result = cli.run("ssh", "CT-01", "--grant", "g-9", "--ssh", "gw.example:2200", "--", "status");

        assertEquals(7, result.status(), result.err());
        List<String> argv = Files.readAllLines(argvFile);
        assertEquals("2200", argv.get(1));
        assertEquals(List.of("--", "CT-01@gw.example", "status"), argv.subList(argv.size() - 3, argv.size()));
        assertEquals(1, broker.sent().size(), "no grant lookup when --grant is given");
    }

    @Test
    void aRevokedGrantIsStillAskedForSoTheBrokerSaysWhy() throws Exception {
        broker.answer("GET /api/v1/grants", 200, """
                [{"grant":{"id":"g-2","device":"CT-01","engineer":"sato","notBefore":"2026-04-01T07:30:00Z",
                           "notAfter":"2026-04-01T09:00:00Z","revokedAt":"2026-04-01T07:35:00Z"}}]""");
        broker.answer("POST /api/v1/grants/g-2/certificate", 403,
                "{\"error\":\"refused: device CT-01 is locked by tanaka: scanner needed (lock l-1)\"}");

        Cli.Result result = cli.run("ssh", "CT-01", "status");

        assertEquals(1, result.status(), result.err());
        assertEquals("refused: device CT-01 is locked by tanaka: scanner needed (lock l-1)", result.err().strip());
        assertFalse(Files.exists(argvFile), "ssh is not run without a certificate");
    }

    @Test
    void terminalIsAskedForOnlyWithDashT() throws Exception {
        broker.answer("POST /api/v1/grants/g-9/certificate", 200, "{\"certificate\":\"" + CERT + "\"}");

        cli.run("ssh", "-t", "CT-01", "--grant", "g-9", "--ssh", "gw.example:2200", "--", "console");
        List<String> withTerminal = Files.readAllLines(argvFile);
        cli.run("ssh", "CT-01", "--grant", "g-9", "--ssh", "gw.example:2200", "--", "status");
        List<String> without = Files.readAllLines(argvFile);

        assertEquals(List.of("-t", "--", "CT-01@gw.example", "console"),
                withTerminal.subList(withTerminal.size() - 4, withTerminal.size()));
        assertFalse(without.contains("-t"), without.toString());
    }

    @Test
    void gatewayFromLoginIsUsed() throws Exception {
        new Cli(home).loggedIn(broker.url(), "gw.example:2022");

        cli.run("ssh", "CT-01", "status");

        List<String> argv = Files.readAllLines(argvFile);
        assertEquals("2022", argv.get(1));
        assertTrue(argv.contains("CT-01@gw.example"), argv.toString());
    }

    @Test
    void withoutAnApprovedGrantNothingIsCertifiedOrRun() {
        Cli.Result result = cli.run("ssh", "XR-09", "status");

        assertEquals(1, result.status());
        assertEquals("denied: no live grant for sato on XR-09: run hoshu request XR-09 and wait for approval\n",
                result.err());
        assertEquals(1, broker.sent().size());
        assertFalse(Files.exists(argvFile));
    }

    @Test
    void deviceThatWouldReadAsAnSshOptionIsRefused() {
        Cli.Result result = cli.run("ssh", "--", "-oProxyCommand=touch /tmp/x", "status");

        assertEquals(1, result.status());
        assertEquals("refused: '-oProxyCommand=touch /tmp/x' is not a valid device id\n", result.err());
        assertTrue(broker.sent().isEmpty());
        assertFalse(Files.exists(argvFile));
    }

    @Test
    void somethingElseThanACertificateFromTheBrokerIsNotWritten() {
        broker.answer("POST /api/v1/grants/g-3/certificate", 200,
                "{\"certificate\":\"" + CERT + "\\nProxyCommand touch /tmp/pwned\"}");

        Cli.Result result = cli.run("ssh", "CT-01", "status");

        assertEquals(1, result.status());
        assertEquals("refused: the broker's answer is not an OpenSSH certificate\n", result.err());
        assertFalse(Files.exists(home.resolve("keys/g-3-cert.pub")));
        assertFalse(Files.exists(argvFile));
    }

    @Test
    void grantIdFromTheBrokerMustBeSafeForAFileName() {
        broker.answer("GET /api/v1/grants", 200, """
                [{"grant":{"id":"../../evil","device":"CT-01","engineer":"sato","notBefore":"2026-04-01T07:00:00Z",
                           "notAfter":"2026-04-01T08:42:00Z"}}]""");

        Cli.Result result = cli.run("ssh", "CT-01", "status");

        assertEquals(1, result.status());
        assertEquals("refused: '../../evil' is not a valid grant id\n", result.err());
        assertFalse(Files.exists(argvFile));
    }

    @Test
    void anOidcUsersGrantIsFoundUnderTheOpaqueSubjectTheBrokerNamesThemBy() throws Exception {
        String claims = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sub\":\"f3a9c1d2-opaque\",\"preferred_username\":\"sato\",\"org\":\"medserve\"}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        new dev.hoshu.cli.login.LoginStore(home).save(new dev.hoshu.cli.login.StoredLogin(
                java.net.URI.create(broker.url()), "eyJhbGciOiJSUzI1NiJ9." + claims + ".sig", "sato",
                Cli.NOW.plusSeconds(3600), null));
        broker.answer("GET /api/v1/grants", 200, """
                [{"grant":{"id":"g-7","device":"CT-01","engineer":"f3a9c1d2-opaque","notBefore":"2026-04-01T07:40:00Z",
                           "notAfter":"2026-04-01T07:50:00Z","revokedAt":null,"emergency":true}}]""");
        broker.answer("POST /api/v1/grants/g-7/certificate", 200, "{\"certificate\":\"" + CERT + "\"}");

        Cli.Result result = cli.run("ssh", "CT-01", "status");

        assertEquals(7, result.status(), result.err());
        assertTrue(Files.exists(home.resolve("keys/g-7-cert.pub")));
    }
}
