package dev.hoshu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LoginCommandTest {

    @TempDir
    Path home;

    private FakeBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = new FakeBroker();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private static String jwt(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    @Test
    void passwordGrantSavesTheTokenOwnerOnlyAndGreetsTheUser() throws Exception {
        String token = jwt("{\"sub\":\"sato\",\"org\":\"medserve\",\"roles\":[\"engineer\"]}");
        broker.answer("POST /dev-issuer/token", 200, "{\"access_token\":\"" + token + "\",\"expires_in\":3600}");

        Cli.Result result = new Cli(home).stdin("s3cret pass\n")
                .run("login", "--broker", broker.url() + "/", "--user", "sato", "--password-stdin", "--ssh", "gw.example:2200");

        assertEquals(0, result.status(), result.err());
        assertEquals("logged in as sato (engineer, medserve) until 17:42 JST\n", result.out());
        FakeBroker.Sent sent = broker.only();
        assertEquals("/dev-issuer/token", sent.path());
        assertEquals("application/x-www-form-urlencoded", sent.contentType());
        assertEquals("grant_type=password&username=sato&password=s3cret+pass&client_id=hoshu-cli", sent.body());

        Path session = home.resolve("session.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(session)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
        JsonNode saved = JsonMapper.shared().readTree(session);
        assertEquals(broker.url(), saved.path("broker").asString());
        assertEquals(token, saved.path("token").asString());
        assertEquals("sato", saved.path("user").asString());
        assertEquals("2026-04-01T08:42:00Z", saved.path("expiresAt").asString());
        assertEquals("gw.example:2200", saved.path("ssh").asString());
    }

    @Test
    void wrongPasswordIsOneLineFromTheIssuerAndNothingIsSaved() {
        broker.answer("POST /dev-issuer/token", 401,
                "{\"error\":\"invalid_grant\",\"error_description\":\"bad user name or password\"}");

        Cli.Result result = new Cli(home).run("login", "--broker", broker.url(), "--user", "sato", "--password", "nope");

        assertEquals(1, result.status());
        assertEquals("login refused: bad user name or password\n", result.err());
        assertFalse(Files.exists(home.resolve("session.json")));
    }

    @Test
    void issuerRefusalCodeIsExplained() {
        broker.answer("POST /dev-issuer/token", 400, "{\"error\":\"invalid_grant\"}");

        Cli.Result result = new Cli(home).run("login", "--broker", broker.url(), "--user", "sato", "--password", "nope");

        assertEquals(1, result.status());
        assertEquals("login refused: wrong user name or password (invalid_grant)\n", result.err());
    }

    @Test
    void stoppedBrokerIsReportedAsConnectionRefused() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort;

        Cli.Result result = new Cli(home).run("login", "--broker", url, "--user", "sato", "--password", "pw");

        assertEquals(1, result.status());
        assertEquals("cannot reach broker " + url + ": connection refused (is it running? try bin/quickstart)\n",
                result.err());
    }

    @Test
    void brokerAddressMustBeHttp() {
        Cli.Result result = new Cli(home).run("login", "--broker", "file:///etc/passwd", "--user", "sato", "--password", "pw");

        assertEquals(1, result.status());
        assertEquals("refused: broker address 'file:///etc/passwd' must start with http:// or https://\n", result.err());
        assertTrue(broker.sent().isEmpty());
    }

    @Test
    void plainHttpToAnotherMachineIsRefusedBeforeThePasswordLeaves() {
        Cli.Result result = new Cli(home).run("login", "--broker", "http://broker.example-hospital.jp:8080",
                "--user", "sato", "--password", "pw");

        assertEquals(1, result.status());
        assertEquals("refused: broker address 'http://broker.example-hospital.jp:8080' would send passwords and tokens "
                + "unencrypted; use https:// (plain http only for a broker on this machine)\n", result.err());
        assertTrue(broker.sent().isEmpty());
    }

    @Test
    void sshAddressIsCheckedAtLogin() {
        Cli.Result result = new Cli(home).run("login", "--broker", broker.url(), "--user", "sato", "--password", "pw",
                "--ssh", "-oProxyCommand=id:22");

        assertEquals(1, result.status());
        assertEquals("refused: SSH address '-oProxyCommand=id:22' is not HOST:PORT\n", result.err());
        assertTrue(broker.sent().isEmpty());
    }

    @Test
    void issuerAnswerWithoutTokenIsRefused() {
        broker.answer("POST /dev-issuer/token", 200, "{\"token_type\":\"Bearer\"}");

        Cli.Result result = new Cli(home).run("login", "--broker", broker.url(), "--user", "sato", "--password", "pw");

        assertEquals(1, result.status());
        assertEquals("login refused: the issuer's answer has no usable access_token/expires_in\n", result.err());
    }
}
