package dev.hoshu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code hoshu login --issuer}: an OpenID Connect provider found by discovery (here a stand-in on loopback). */
class OidcLoginCommandTest {

    private static final String REALM = "/realms/hoshu";

    @TempDir
    Path home;

    private FakeBroker provider;
    private FakeBroker broker;

    @BeforeEach
    void start() throws Exception {
        provider = new FakeBroker();
        broker = new FakeBroker();
    }

    @AfterEach
    void stop() {
        provider.close();
        broker.close();
    }

    private String issuer() {
        return provider.url() + REALM;
    }

    private void discovery(String namedIssuer) {
        provider.answer("GET " + REALM + "/.well-known/openid-configuration", 200, "{\"issuer\":\"" + namedIssuer
                + "\",\"token_endpoint\":\"" + issuer() + "/protocol/openid-connect/token\","
                + "\"device_authorization_endpoint\":\"" + issuer() + "/protocol/openid-connect/auth/device\"}");
    }

    private static String jwt(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    @Test
    void passwordGrantWithOneTimeCodeUsesTheDiscoveredTokenEndpointAndKeepsTheToken() throws Exception {
        discovery(issuer());
        String token = jwt("{\"sub\":\"0b5c\",\"preferred_username\":\"tanaka\",\"org\":\"hosp-a\",\"roles\":[\"approver\"]}");
        provider.answer("POST " + REALM + "/protocol/openid-connect/token", 200,
                "{\"access_token\":\"" + token + "\",\"expires_in\":300}");

        Cli.Result result = new Cli(home).stdin("pw\n").run("login", "--broker", broker.url(), "--issuer", issuer() + "/",
                "--user", "tanaka", "--password-stdin", "--otp", "123456");

        assertEquals(0, result.status(), result.err());
        assertEquals("logged in as tanaka (approver, hosp-a) until 16:47 JST\n", result.out());
        FakeBroker.Sent sent = provider.sent().get(1);
        assertEquals(REALM + "/protocol/openid-connect/token", sent.path());
        assertEquals("grant_type=password&client_id=hoshu-cli&username=tanaka&password=pw&scope=openid&totp=123456",
                sent.body());
        JsonNode saved = JsonMapper.shared().readTree(home.resolve("session.json"));
        assertEquals(broker.url(), saved.path("broker").asString());
        assertEquals(token, saved.path("token").asString());
        assertEquals(List.of(), broker.sent(), "the password went to the identity provider only");
    }

    @Test
    void aDiscoveryDocumentNamingAnotherIssuerIsRefusedBeforeAnyPasswordIsSent() {
        discovery("https://impostor.example/realms/hoshu");

        Cli.Result result = new Cli(home).stdin("pw\n").run("login", "--broker", broker.url(), "--issuer", issuer(),
                "--user", "tanaka", "--password-stdin");

        assertEquals(1, result.status());
        assertEquals("login refused: the discovery document at " + issuer() + "/.well-known/openid-configuration "
                + "names issuer 'https://impostor.example/realms/hoshu', not " + issuer() + "\n", result.err());
        assertEquals(1, provider.sent().size(), "only the discovery document was fetched");
        assertFalse(Files.exists(home.resolve("session.json")));
    }

    @Test
    void wrongCredentialsAreOneLineNamingTheProviderAndNothingIsSaved() {
        discovery(issuer());
        provider.answer("POST " + REALM + "/protocol/openid-connect/token", 401,
                "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid user credentials\"}");

        Cli.Result result = new Cli(home).stdin("pw\n").run("login", "--broker", broker.url(), "--issuer", issuer(),
                "--user", "tanaka", "--password-stdin", "--otp", "000000");

        assertEquals(1, result.status());
        assertEquals("login refused by " + issuer() + ": wrong user name, password or one-time code "
                + "(Invalid user credentials)\n", result.err());
        assertFalse(Files.exists(home.resolve("session.json")));
    }

    @Test
    void hostileOptionsAreRefusedInOneLineWithoutCallingAnyone() {
        List<List<String>> refused = List.of(
                List.of("--issuer", "http://id.example/realms/hoshu", "--user", "u", "--password", "p"),
                List.of("--issuer", "file:///etc/passwd", "--user", "u", "--password", "p"),
                List.of("--issuer", issuer() + "?next=evil", "--user", "u", "--password", "p"),
                List.of("--issuer", issuer(), "--user", "u", "--password", "p", "--otp", "12;rm -rf"),
                List.of("--issuer", issuer(), "--user", "u", "--password", "p", "--client-id", "../admin"),
                List.of("--issuer", issuer(), "--device", "--otp", "123456"),
                List.of("--user", "u", "--password", "p", "--otp", "123456"),
                List.of("--issuer", "https://" + "a".repeat(3000) + ".example", "--user", "u", "--password", "p"));
        discovery(issuer());
        for (List<String> options : refused) {
            List<String> args = new java.util.ArrayList<>(List.of("login", "--broker", broker.url()));
            args.addAll(options);

            Cli.Result result = new Cli(home).run(args.toArray(String[]::new));

            assertEquals(1, result.status(), options::toString);
            assertTrue(result.err().startsWith("refused: ") && result.err().indexOf('\n') == result.err().length() - 1,
                    options + " -> " + result.err());
        }
        assertEquals(List.of(), provider.sent().stream().filter(s -> s.method().equals("POST")).toList());
        assertFalse(Files.exists(home.resolve("session.json")));
    }

    @Test
    void deviceFlowShowsTheCodeAndTakesTheUserFromTheToken() throws Exception {
        discovery(issuer());
        provider.answer("POST " + REALM + "/protocol/openid-connect/auth/device", 200,
                "{\"device_code\":\"dc-1\",\"user_code\":\"WDJB-MJHT\",\"verification_uri\":\"" + issuer() + "/device\","
                        + "\"verification_uri_complete\":\"" + issuer() + "/device?user_code=WDJB-MJHT\","
                        + "\"expires_in\":600,\"interval\":1}");
        String token = jwt("{\"sub\":\"0b5c\",\"preferred_username\":\"sato\",\"org\":\"medserve\",\"roles\":[\"engineer\"]}");
        provider.answer("POST " + REALM + "/protocol/openid-connect/token", 200,
                "{\"access_token\":\"" + token + "\",\"expires_in\":600}");

        Cli.Result result = new Cli(home).run("login", "--broker", broker.url(), "--issuer", issuer(), "--device");

        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().startsWith("To sign in, open " + issuer() + "/device and enter the code WDJB-MJHT\n"),
                result.out());
        assertTrue(result.out().endsWith("logged in as sato (engineer, medserve) until 16:52 JST\n"), result.out());
        FakeBroker.Sent poll = provider.sent().get(2);
        assertEquals("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code=dc-1"
                + "&client_id=hoshu-cli", poll.body());
        assertEquals("sato", JsonMapper.shared().readTree(home.resolve("session.json")).path("user").asString());
    }
}
