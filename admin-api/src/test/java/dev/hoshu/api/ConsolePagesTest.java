package dev.hoshu.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import dev.hoshu.api.service.RecordingUse;
import dev.hoshu.recording.RecordingChain;
import dev.hoshu.recording.RecordingHeader;
import dev.hoshu.tools.Ed25519Keys;
import dev.hoshu.tools.KeyIds;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console's page handlers behind the real security chain: login through the development issuer (authorization
 * code with PKCE, over real HTTP), CSRF on forms, the API's role gate with its audit, the same service calls with
 * the same actor as the API, and the Japanese pages.
 */
@SpringBootTest(classes = TestApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class ConsolePagesTest {

    private static final int PORT = freePort();
    private static final String BASE = "http://127.0.0.1:" + PORT;

    @DynamicPropertySource
    static void port(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("hoshu.dev-issuer.issuer", () -> BASE + "/dev-issuer");
    }

    @Autowired
    FakeServices services;

    @Autowired
    RecordedRoleRefusals roleRefusals;

    @BeforeEach
    void reset() {
        services.reset();
        roleRefusals.heard.clear();
    }

    @Test
    void anUnauthenticatedVisitIsSentToTheIdentityProviderWithAPkceChallenge() throws Exception {
        ConsoleBrowser browser = new ConsoleBrowser(BASE, false);
        HttpResponse<String> first = browser.get("/console/requests");
        assertThat(first.statusCode()).isEqualTo(302);
        assertThat(first.headers().firstValue("Location")).hasValue("/console/oauth2/authorization/hoshu");
        HttpResponse<String> authorize = browser.get("/console/oauth2/authorization/hoshu");
        URI issuer = URI.create(authorize.headers().firstValue("Location").orElseThrow());
        assertThat(issuer.getPath()).isEqualTo("/dev-issuer/authorize");
        assertThat(issuer.getQuery()).contains("code_challenge_method=S256", "code_challenge=", "client_id=hoshu-console",
                "redirect_uri=" + BASE + "/console/login/oauth2/code/hoshu", "nonce=");
    }

    @Test
    void anApproverLogsInSeesThePendingRequestAndApprovesItAsTheApiWould() throws Exception {
        ConsoleBrowser browser = new ConsoleBrowser(BASE, true);
        HttpResponse<String> page = browser.login("tanaka", "demo");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/console/requests");
        assertThat(page.body()).contains("Pending requests", "r-abcdefghij", "sato", "medserve", "MONITOR", "status",
                "2026-11-21 10:00:00 JST", "田中 花子 (hosp-a)", "Approve");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");

        HttpResponse<String> approved = browser.post("/console/requests/r-abcdefghij/approve",
                Map.of("_csrf", ConsoleBrowser.csrf(page.body())));
        assertThat(approved.statusCode()).isEqualTo(200);
        assertThat(approved.body()).contains("Approved: the grant is created.");
        // The approve call reached the same service as POST /api/v1/requests/{id}/approve, for the logged-in user,
        // with the token's multi-factor claims.
        assertThat(services.lastActor.get().subject()).isEqualTo("tanaka");
        assertThat(services.lastActor.get().authMethods()).containsExactly("pwd", "otp");
    }

    @Test
    void eachRoleStartsWhereItsWorkIs() throws Exception {
        assertThat(new ConsoleBrowser(BASE, true).login("/console", "suzuki", "demo").uri().getPath())
                .isEqualTo("/console/recordings");
        assertThat(new ConsoleBrowser(BASE, true).login("/console", "tanaka", "demo").uri().getPath())
                .isEqualTo("/console/requests");
        HttpResponse<String> nobody = new ConsoleBrowser(BASE, true).login("/console", "nobody", "demo");
        assertThat(nobody.uri().getPath()).isEqualTo("/console/audit");
    }

    @Test
    void theNavigationOffersEachRoleOnlyThePagesItMayOpen() throws Exception {
        HttpResponse<String> engineer = new ConsoleBrowser(BASE, true).login("/console", "sato", "demo");
        assertThat(engineer.uri().getPath()).isEqualTo("/console/requests");
        assertThat(engineer.body()).contains("href=\"/console/requests\"", "href=\"/console/sessions\"",
                        "href=\"/console/recordings\"")
                .doesNotContain("href=\"/console/devices\"", "href=\"/console/audit\"", "href=\"/console/emergency\"",
                        "href=\"/console/responsibilities\"");
        HttpResponse<String> approver = new ConsoleBrowser(BASE, true).login("/console", "tanaka", "demo");
        assertThat(approver.body()).contains("href=\"/console/requests\"", "href=\"/console/sessions\"",
                "href=\"/console/devices\"", "href=\"/console/recordings\"", "href=\"/console/audit\"",
                "href=\"/console/responsibilities\"", "href=\"/console/emergency\"");
        HttpResponse<String> auditor = new ConsoleBrowser(BASE, true).login("/console", "suzuki", "demo");
        assertThat(auditor.body()).contains("href=\"/console/recordings\"", "href=\"/console/audit\"")
                .doesNotContain("href=\"/console/requests\"");
    }

    @Test
    void aFormWithoutTheCsrfTokenIsRefusedAndCallsNoService() throws Exception {
        ConsoleBrowser browser = new ConsoleBrowser(BASE, true);
        browser.login("tanaka", "demo");
        services.reset();
        HttpResponse<String> forged = browser.post("/console/requests/r-abcdefghij/approve", Map.of());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(services.lastActor.get()).isNull();
    }

    @Test
    void anAuditorCannotApproveAndTheRefusalIsAuditedLikeTheApis() throws Exception {
        ConsoleBrowser browser = new ConsoleBrowser(BASE, true);
        browser.login("suzuki", "demo");
        HttpResponse<String> page = browser.get("/console/requests");
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("denied: listing requests needs one of the roles engineer, approver");
        HttpResponse<String> sessions = browser.get("/console/sessions");
        HttpResponse<String> approve = browser.post("/console/requests/r-abcdefghij/approve",
                Map.of("_csrf", ConsoleBrowser.csrf(sessions.body())));
        assertThat(approve.statusCode()).isEqualTo(403);
        assertThat(approve.body()).contains("denied: approving needs the approver role");
        assertThat(roleRefusals.heard).anySatisfy(line -> assertThat(line)
                .startsWith("suzuki POST /api/v1/requests/{id}/approve {id=r-abcdefghij}")
                .endsWith("denied: approving needs the approver role"));
    }

    @Test
    void theCastExportOfASessionWithoutATerminalEndsLinesWithCrLfAndStreams(@TempDir Path dir) throws Exception {
        KeyPair seal = Ed25519Keys.generate();
        RecordingChain chain = new RecordingChain(new RecordingHeader("s-1", "g-1", List.of("tanaka"), "sato",
                "medserve", "CT-01", "hosp-a", "node-1", "logcollect", List.of(), null, KeyIds.of(seal.getPublic())),
                Instant.parse("2026-11-21T00:30:00Z"));
        List<String> lines = new ArrayList<>(List.of(chain.headerLine(), chain.exec("logcollect", List.of(), 0),
                chain.output("collected 3 files\nsent\n".getBytes(StandardCharsets.UTF_8), 10),
                chain.exit(0, 20), chain.end("exit", 21)));
        lines.add(chain.seal(seal.getPrivate(), 21));
        Path file = Files.writeString(dir.resolve("s-1.jsonl"), String.join("\n", lines) + "\n");
        byte[] stored = Files.readAllBytes(file);
        services.recordingFile = file;
        ConsoleBrowser browser = new ConsoleBrowser(BASE, true);
        browser.login("suzuki", "demo");

        HttpResponse<String> cast = browser.get("/console/recordings/s-1/export?format=cast");

        assertThat(cast.statusCode()).as(cast.body()).isEqualTo(200);
        assertThat(cast.headers().firstValue("Content-Type")).hasValue("application/x-asciicast");
        // Written while read: no length known before the last event.
        assertThat(cast.headers().firstValue("Content-Length")).isEmpty();
        assertThat(cast.body().lines().skip(1).toList()).containsExactly("[0.010,\"o\",\"collected 3 files\\r\\nsent\\r\\n\"]");
        assertThat(services.lastArgument.get()).isEqualTo(RecordingUse.EXPORT);
        assertThat(Files.readAllBytes(file)).as("the stored recording is untouched").isEqualTo(stored);
        HttpResponse<String> original = browser.get("/console/recordings/s-1/export?format=jsonl");
        assertThat(original.body()).isEqualTo(new String(stored, StandardCharsets.UTF_8));

        // Who may export is the service's decision; its refusal is the refusal page, not a download.
        for (String format : List.of("cast", "jsonl")) {
            services.failNext.set(() -> dev.hoshu.api.service.RefusedException.notFound("unknown recording s-1"));
            HttpResponse<String> refused = browser.get("/console/recordings/s-1/export?format=" + format);
            assertThat(refused.statusCode()).isEqualTo(404);
            assertThat(refused.headers().firstValue("Content-Disposition")).isEmpty();
            assertThat(refused.body()).contains("unknown recording s-1").doesNotContain("collected 3 files");
        }

        Files.writeString(file, lines.get(0) + "\n<script>alert(1)</script>\n");
        HttpResponse<String> broken = browser.get("/console/recordings/s-1/export?format=cast");
        assertThat(broken.statusCode()).isEqualTo(409);
        assertThat(broken.body()).contains("refused: recording s-1 cannot be exported as asciicast: line 2: not JSON")
                .doesNotContain("alert(1)");
    }

    @Test
    void killAndEmergencyStopNeedTheConfirmationAndAReasonGoesToTheService() throws Exception {
        ConsoleBrowser browser = new ConsoleBrowser(BASE, true);
        HttpResponse<String> page = browser.login("tanaka", "demo");
        String csrf = ConsoleBrowser.csrf(page.body());
        services.reset();
        HttpResponse<String> unconfirmed = browser.post("/console/sessions/s-1/kill", Map.of("_csrf", csrf, "reason", "x"));
        assertThat(unconfirmed.statusCode()).isEqualTo(400);
        assertThat(unconfirmed.body()).contains("refused: killing a session needs the confirmation box ticked");
        assertThat(services.lastActor.get()).isNull();

        HttpResponse<String> killed = browser.post("/console/sessions/s-1/kill",
                Map.of("_csrf", csrf, "reason", "wrong device", "confirm", "yes"));
        assertThat(killed.uri().getPath()).as(killed.statusCode() + " " + killed.body()).isEqualTo("/console/sessions/s-1");
        assertThat(killed.body()).contains("The session was killed.");
        assertThat(services.lastActor.get().subject()).isEqualTo("tanaka");

        HttpResponse<String> stopped = browser.post("/console/emergency",
                Map.of("_csrf", csrf, "reason", "ransomware alert", "confirm", "yes"));
        assertThat(stopped.body()).contains("Emergency stop: all remote maintenance of your hospital is stopped.");
        assertThat(services.lastLock.get()).hasToString(
                "NewLock[target=LockTarget[kind=hospital, value=hosp-a], reason=ransomware alert, minutes=null]");
    }

    @Test
    void theBrowsersLanguageIsUsedUntilTheUserSwitchesAndTheChoiceIsRemembered() throws Exception {
        ConsoleBrowser browser = new ConsoleBrowser(BASE, true);
        HttpResponse<String> english = browser.login("tanaka", "demo");
        HttpResponse<String> japanese = browser.get("/console/requests", "Accept-Language", "ja-JP,ja;q=0.9");
        assertThat(japanese.body()).contains("<html lang=\"ja\">", "承認待ちの申請", "承認", "却下の理由");
        HttpResponse<String> switched = browser.post("/console/language",
                Map.of("_csrf", ConsoleBrowser.csrf(english.body()), "lang", "ja", "back", "/console/sessions"));
        assertThat(switched.uri().getPath()).isEqualTo("/console/sessions");
        assertThat(switched.body()).contains("セッション");
        assertThat(browser.get("/console/requests", "Accept-Language", "en").body()).contains("承認待ちの申請");
        HttpResponse<String> elsewhere = browser.post("/console/language",
                Map.of("_csrf", ConsoleBrowser.csrf(english.body()), "lang", "en", "back", "https://evil.example/"));
        assertThat(elsewhere.uri().toString()).isEqualTo(BASE + "/console/requests");
    }

    @Test
    void theIssuerRefusesForeignRedirectsMissingPkceAndAWrongOrReusedCode() throws Exception {
        ConsoleBrowser browser = new ConsoleBrowser(BASE, false);
        String challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        String good = "/dev-issuer/authorize?response_type=code&client_id=hoshu-console&code_challenge_method=S256"
                + "&code_challenge=" + challenge + "&state=s1&redirect_uri=" + BASE + "/console/login/oauth2/code/hoshu";
        assertThat(browser.get(good).statusCode()).isEqualTo(200);
        HttpResponse<String> foreign = browser.get(good.replace(BASE + "/console", "https://evil.example/console"));
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(foreign.body()).isEqualTo("refused: redirect_uri must be " + BASE + "/console/login/oauth2/code/hoshu\n");
        assertThat(browser.get(good.replace("&code_challenge_method=S256", "")).body())
                .isEqualTo("refused: PKCE with code_challenge_method=S256 is required\n");
        HttpResponse<String> wrongPassword = browser.post("/dev-issuer/authorize", Map.of("response_type", "code",
                "client_id", "hoshu-console", "code_challenge_method", "S256", "code_challenge", challenge,
                "redirect_uri", BASE + "/console/login/oauth2/code/hoshu", "username", "tanaka", "password", "nope"));
        assertThat(wrongPassword.statusCode()).isEqualTo(401);

        HttpResponse<String> login = browser.post("/dev-issuer/authorize", Map.of("response_type", "code",
                "client_id", "hoshu-console", "code_challenge_method", "S256", "code_challenge", challenge,
                "redirect_uri", BASE + "/console/login/oauth2/code/hoshu", "username", "tanaka", "password", "demo"));
        assertThat(login.statusCode()).isEqualTo(302);
        String code = URI.create(login.headers().firstValue("Location").orElseThrow()).getQuery()
                .replaceAll(".*code=([^&]+).*", "$1");
        Map<String, String> exchange = Map.of("grant_type", "authorization_code", "code", code,
                "client_id", "hoshu-console", "redirect_uri", BASE + "/console/login/oauth2/code/hoshu",
                "code_verifier", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        // RFC 7636's example pair: the verifier whose SHA-256 is the challenge above.
        HttpResponse<String> wrongVerifier = browser.post("/dev-issuer/token", Map.of("grant_type", "authorization_code",
                "code", code, "client_id", "hoshu-console", "redirect_uri", BASE + "/console/login/oauth2/code/hoshu",
                "code_verifier", "x".repeat(43)));
        assertThat(wrongVerifier.body()).contains("invalid_grant");
        // The first, wrong attempt used the code up.
        assertThat(browser.post("/dev-issuer/token", exchange).body()).contains("invalid_grant");
    }

    @Test
    void theRightVerifierGetsAnAccessAndAnIdTokenOnce() throws Exception {
        ConsoleBrowser browser = new ConsoleBrowser(BASE, false);
        String challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        Map<String, String> form = Map.of("response_type", "code", "client_id", "hoshu-console",
                "code_challenge_method", "S256", "code_challenge", challenge, "nonce", "n-1",
                "redirect_uri", BASE + "/console/login/oauth2/code/hoshu", "username", "yamada-unknown", "password", "demo");
        assertThat(browser.post("/dev-issuer/authorize", form).statusCode()).isEqualTo(401);
        java.util.Map<String, String> tanaka = new java.util.HashMap<>(form);
        tanaka.put("username", "tanaka");
        String code = URI.create(browser.post("/dev-issuer/authorize", tanaka).headers().firstValue("Location")
                .orElseThrow()).getQuery().replaceAll(".*code=([^&]+).*", "$1");
        Map<String, String> exchange = Map.of("grant_type", "authorization_code", "code", code,
                "client_id", "hoshu-console", "redirect_uri", BASE + "/console/login/oauth2/code/hoshu",
                "code_verifier", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        HttpResponse<String> tokens = browser.post("/dev-issuer/token", exchange);
        assertThat(tokens.statusCode()).isEqualTo(200);
        assertThat(tokens.body()).contains("\"access_token\"", "\"id_token\"");
        assertThat(browser.post("/dev-issuer/token", exchange).body()).contains("invalid_grant");
    }

    /**
     * A browser sends its next request on the same connection the moment an answer arrives, and sometimes two at
     * once. Every one must be read and answered, whether its page is built on another thread (the services behind a
     * page) or right away (a stylesheet). An HTTP server that stops reading such a connection leaves a console page
     * loading until the browser gives up, a minute later.
     */
    @Test
    void everyRequestOnAReusedConnectionIsAnswered() throws Exception {
        ConsoleBrowser browser = new ConsoleBrowser(BASE, true);
        browser.login("tanaka", "demo");
        try (KeptAliveConnection connection = new KeptAliveConnection("127.0.0.1", PORT, browser.cookieHeader())) {
            for (int round = 0; round < 10; round++) {
                connection.send("/console/requests", "/console/assets/console.css");
                assertThat(connection.statusLines(2)).as("round %d: a page and its stylesheet together", round)
                        .containsExactly("HTTP/1.1 200 OK", "HTTP/1.1 200 OK");
                connection.send("/console/requests");
                assertThat(connection.statusLines(1)).as("round %d: the next page alone", round)
                        .containsExactly("HTTP/1.1 200 OK");
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
