package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.hoshu.e2e.keycloak.HoshuRealm;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import dev.hoshu.e2e.keycloak.Totp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hoshu against a real OpenID Connect provider: Keycloak with the {@code hoshu} realm, users signing in with
 * password and TOTP code, the broker trusting the realm through discovery (no development issuer). Engineers and
 * approvers go through the whole path with the real OpenSSH client; tokens without a second factor, or issued for
 * another application, do not get in. The hospital console signs people in through the realm's own login form in a
 * real headless Chromium (password, then TOTP code); screenshots go to {@code target/console-screenshots/kc-*}.
 * A grant's end as the engineer meets it (REQ-ACC-4): a one-minute grant, the ten-minute selftest, the warning
 * 20 s before the end and the cut at it, in the terminal and the sealed recording. The two one-minute grants (a
 * repair, then monitoring) run out during one wait, which the tests between them fill.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(KeptEvidence.class)
class KeycloakAccessIT implements KeptEvidence.Source {

    private static final Pattern REQUEST_ID = Pattern.compile("\\br-[a-z0-9]+");
    private static final JsonMapper JSON = JsonMapper.shared();
    /** The grant certificate may be refused a little after the grant's minute: clocks are read at different moments. */
    private static final Duration GRANT_END_SLACK = Duration.ofSeconds(5);
    private static final Pattern WARNING = Pattern.compile("hoshu: grant (g-[a-z0-9]+) ends at \\d{4}-\\d\\d-\\d\\d "
            + "\\d\\d:\\d\\d JST \\(in (\\d+) seconds\\); the session will be cut then");
    private static final Pattern CUT = Pattern.compile("hoshu: session (s-[0-9a-f]{16}) ended: grant (g-[a-z0-9]+) "
            + "ended at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d JST");

    @TempDir
    static Path dir;

    private OidcHoshuSystem hoshu;
    private HeadlessChromium chromium;
    /* Both grants' minute passes in one wait, while the tests between run: the grants are kept until the last test. */
    private Instant repairApprovedBy;
    private Path repairCertificate;
    private Instant monitorApprovedBy;
    private Path monitorCertificate;
    private ManagedProcess selftest;
    private CompletableFuture<Long> warnedAt;

    @BeforeAll
    void start() throws IOException {
        // Never skipped: a machine without the browser fails here, naming the Debian packages (CI installs them).
        chromium = HeadlessChromium.start(dir);
        hoshu = OidcHoshuSystem.start(dir);
        hoshu.scanGatewayKey();
        for (String user : List.of("sato", "tanaka", "yamada", "suzuki", "kato")) {
            RunResult login = hoshu.login(user);
            HoshuSystem.check(login.exitCode() == 0, "login as " + user + " at Keycloak", login);
        }
        hoshu.startAgent("CT-01", "tanaka", "tanaka");
        hoshu.broker().awaitOutput("device CT-01 (hosp-a) online", Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() {
        try {
            if (selftest != null) {
                selftest.close();
            }
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (hoshu != null) {
                hoshu.close();
            }
        }
    }

    @Override
    public KeptEvidence.Evidence evidence() {
        return new KeptEvidence.Evidence(dir.resolve("logs"), hoshu == null ? Map.of() : Map.of("broker", hoshu.broker()),
                Optional.ofNullable(chromium));
    }

    @Test
    @Order(1)
    void theCliKeepsAKeycloakTokenForHoshuWithTheHospitalRolesAndSecondFactor() throws IOException {
        JsonNode tanaka = claims(storedToken("tanaka"));

        assertEquals(hoshu.keycloak().issuer().toString(), tanaka.path("iss").asString());
        assertEquals("hoshu", tanaka.path("aud").asString(), tanaka::toString);
        assertEquals("hosp-a", tanaka.path("org").asString());
        assertEquals(List.of("approver", "hospital-admin"), strings(tanaka.path("roles")).stream().sorted().toList());
        assertEquals(List.of("pwd", "otp"), strings(tanaka.path("amr")));
        assertEquals("medserve", claims(storedToken("sato")).path("org").asString());
        assertEquals("hosp-b", claims(storedToken("kato")).path("org").asString());
    }

    @Test
    @Order(2)
    void aWrongOrMissingOneTimeCodeIsRefusedInOneLineAndNothingIsSaved() {
        Path home = dir.resolve("cli/suzuki-wrong-code");
        String right = Totp.code(hoshu.realm.user("suzuki").otpSecret(), Totp.stepAt(Instant.now()));
        String wrong = String.format("%06d", (Integer.parseInt(right) + 500_000) % 1_000_000);
        String issuer = hoshu.keycloak().issuer().toString();

        RunResult wrongCode = cliAt(home, "demo\n", "login", "--broker", hoshu.brokerUrl(), "--issuer", issuer,
                "--user", "suzuki", "--password-stdin", "--otp", wrong);
        RunResult noCode = cliAt(home, "demo\n", "login", "--broker", hoshu.brokerUrl(), "--issuer", issuer,
                "--user", "suzuki", "--password-stdin");

        for (RunResult refused : List.of(wrongCode, noCode)) {
            assertEquals(1, refused.exitCode(), refused::toString);
            assertEquals("login refused by " + issuer + ": wrong user name, password or one-time code "
                    + "(Invalid user credentials)\n", refused.stderr());
        }
        assertFalse(Files.exists(home.resolve("session.json")), "a refused login left a token behind");
    }

    /** Waits for N-of-M approvals of the access branch: under the demo policy a REPAIR needs two approvers. */
    @Test
    @Order(3)
    void aRepairNeedsTwoDistinctApproversThenRuns() throws IOException {
        String request = request("REPAIR", "WO-KC-REPAIR", "status");

        RunResult first = hoshu.hoshu("tanaka", "approve", request);
        assertEquals(0, first.exitCode(), first::toString);
        assertFalse(requestLine("sato", request).contains("APPROVED"), "one approval granted a REPAIR");
        RunResult early = hoshu.hoshu("sato", "ssh", "CT-01", "status");
        assertNotEquals(0, early.exitCode(), early::toString);
        RunResult again = hoshu.hoshu("tanaka", "approve", request);
        assertEquals(1, again.exitCode(), "the same approver counted twice: " + again);

        RunResult second = hoshu.hoshu("yamada", "approve", request);
        assertEquals(0, second.exitCode(), second::toString);
        repairApprovedBy = Instant.now();
        assertTrue(requestLine("sato", request).contains("APPROVED"), second::toString);
        RunResult run = hoshu.hoshu("sato", "ssh", "CT-01", "status");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stdout().contains("gantry: nominal"), run::toString);
        repairCertificate = newestCertificate("sato");
    }

    /**
     * The monitoring grant is newer than the repair's, so {@code hoshu ssh} takes it. A selftest (ten minutes) is left
     * running under it: {@link #theGrantsEndsWarnThenCutTheSessionAndStopOpenSsh} meets its warning and cut.
     */
    @Test
    @Order(4)
    void oneApprovalGrantsMonitoring() throws IOException {
        String request = request("MONITOR", "WO-KC-MONITOR", "status", "selftest");
        RunResult approve = hoshu.hoshu("tanaka", "approve", request);
        assertEquals(0, approve.exitCode(), approve::toString);
        monitorApprovedBy = Instant.now();

        // hoshu.identity.user-claim=preferred_username: people are named as they sign in, not by Keycloak's opaque sub.
        RunResult grants = hoshu.hoshu("suzuki", "grants");
        assertEquals(0, grants.exitCode(), grants::toString);
        assertTrue(grants.stdout().lines().anyMatch(l -> l.contains(" sato ") && l.contains(" tanaka ")),
                grants::toString);

        RunResult run = hoshu.hoshu("sato", "ssh", "CT-01", "status");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stdout().contains("gantry: nominal"), run::toString);

        Path certificate = newestCertificate("sato");
        assertNotEquals(repairCertificate, certificate, "hoshu ssh took the repair's grant, not the newer one");
        RunResult plain = hoshu.ssh("sato", certificate, "CT-01", "status");
        assertEquals(0, plain.exitCode(), plain::toString);
        monitorCertificate = certificate;

        selftest = ManagedProcess.start("selftest", HoshuSystem.cli("ssh", "CT-01", "selftest"),
                Map.of("HOSHU_HOME", hoshu.home("sato").toString()), dir.resolve("logs/selftest.log"));
        selftest.awaitOutput("step 2/600", Duration.ofSeconds(60));
        // The warning comes while the next tests run: its moment is taken as it shows, not when the last test looks.
        warnedAt = CompletableFuture.supplyAsync(() -> {
            selftest.awaitOutput("the session will be cut then", Duration.ofSeconds(75));
            return System.nanoTime();
        });
    }

    @Test
    @Order(5)
    void aTokenForAnotherApplicationOfTheHospitalIsRefused() throws Exception {
        String token = passwordGrant(HoshuRealm.OTHER_AUDIENCE_CLIENT, "kato");
        assertEquals("pacs", claims(token).path("aud").asString(), "the realm issued the token for its own audience");

        HttpResponse<String> call = api(token, "/api/v1/requests");

        assertEquals(401, call.statusCode(), call::body);
        assertEquals("unauthenticated: a valid bearer token is required (hoshu login)",
                JSON.readTree(call.body()).path("error").asString());
    }

    @Test
    @Order(6)
    void aTokenWithAChangedClaimIsRefused() throws Exception {
        String token = storedToken("sato");
        String[] parts = token.split("\\.");
        JsonNode claims = claims(token);
        String forged = ((tools.jackson.databind.node.ObjectNode) claims).put("org", "hosp-a").toString();
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertEquals(401, api(tampered, "/api/v1/requests").statusCode());
        assertEquals(200, api(token, "/api/v1/requests").statusCode(), "the untouched token works");
    }

    /** Waits for the MFA check of the access branch (hoshu.identity.mfa-amr): approving needs a second factor. */
    @Test
    @Order(7)
    void anApproverSignedInWithPasswordOnlyCannotApprove() throws IOException {
        Path home = dir.resolve("cli/tanaka-password-only");
        RunResult login = cliAt(home, "demo\n", "login", "--broker", hoshu.brokerUrl(),
                "--issuer", hoshu.keycloak().issuer().toString(), "--client-id", HoshuRealm.PASSWORD_ONLY_CLIENT,
                "--user", "tanaka", "--password-stdin");
        assertEquals(0, login.exitCode(), login::toString);
        assertEquals(List.of("pwd"), strings(claims(JSON.readTree(home.resolve("session.json")).path("token").asString())
                .path("amr")));
        String request = request("MONITOR", "WO-KC-SINGLE-FACTOR", "status");

        RunResult approve = cliAt(home, null, "approve", request);

        assertEquals(1, approve.exitCode(), approve::toString);
        assertTrue(approve.stderr().startsWith("denied: approving needs a multi-factor login")
                && approve.stderr().indexOf('\n') == approve.stderr().length() - 1, approve::toString);
        assertTrue(requestLine("tanaka", request).contains("PENDING"), "the request was approved anyway");
        RunResult audit = hoshu.hoshu("suzuki", "audit", "--format", "jsonl", "--action", "request.approve");
        assertTrue(audit.stdout().lines().anyMatch(l -> l.contains(request) && l.contains("\"refused\"")),
                "no refused request.approve event for " + request + ": " + audit);
    }

    /** The console's login is the realm's own form: password, then the authenticator's code, back as the approver. */
    @Test
    @Order(8)
    void anApproverSignsInToTheConsoleAtKeycloakWithPasswordAndCodeAndApproves() throws IOException {
        String request = request("MONITOR", "WO-KC-CONSOLE", "status");
        WebDriver browser = chromium.browser();

        signInAtKeycloak("tanaka", code("tanaka"), "kc-01-approver");

        assertEquals(hoshu.brokerUrl() + "/console/requests", browser.getCurrentUrl(), "an approver starts at the requests");
        assertTrue(browser.findElement(By.id("who")).getText().contains("(hosp-a)"),
                browser.findElement(By.id("who")).getText());
        assertTrue(chromium.waitFor(By.id("request-" + request)).getText().contains("WO-KC-CONSOLE"));
        chromium.screenshot("kc-03-approver-requests");
        // Approving needs the second factor: the browser's login carries it (amr pwd, otp) as the CLI's does.
        browser.findElement(By.id("approve-" + request)).click();
        assertEquals("Approved: the grant is created.", chromium.waitFor(By.id("notice")).getText());
        assertTrue(requestLine("sato", request).contains("APPROVED"), "the API does not know of the browser's approval");
        RunResult audit = hoshu.hoshu("suzuki", "audit", "--format", "jsonl", "--action", "request.approve");
        assertTrue(audit.stdout().lines().anyMatch(l -> l.contains(request) && l.contains("\"allowed\"")
                && l.contains("\"tanaka\"")), audit::toString);
    }

    @Test
    @Order(9)
    void aWrongCodeKeepsTheAuditorOutAndTheRightOneShowsTheRecordingsWithoutApproving() throws IOException {
        String request = request("MONITOR", "WO-KC-CONSOLE-AUDITOR", "status");
        WebDriver browser = chromium.browser();
        String right = code("suzuki");
        String wrong = String.format("%06d", (Integer.parseInt(right) + 500_000) % 1_000_000);

        signInAtKeycloak("suzuki", wrong, null);
        assertTrue(browser.getCurrentUrl().startsWith(hoshu.keycloak().issuer().toString()),
                "a wrong code let the auditor through: " + browser.getCurrentUrl());
        assertTrue(browser.findElements(By.id("main")).isEmpty());
        chromium.screenshot("kc-04-wrong-code");
        // Keycloak asks for the code again: the right one now gets in.
        browser.findElement(By.id("otp")).clear();
        browser.findElement(By.id("otp")).sendKeys(right);
        browser.findElement(By.id("kc-login")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.urlContains(hoshu.brokerUrl() + "/console/"));

        assertEquals(hoshu.brokerUrl() + "/console/recordings", browser.getCurrentUrl(), "an auditor starts at the recordings");
        assertTrue(chromium.waitFor(By.id("who")).getText().contains("(hosp-a)"));
        browser.get(hoshu.brokerUrl() + "/console/requests");
        assertEquals("denied: listing requests needs one of the roles engineer, approver",
                chromium.waitFor(By.id("refusal")).getText());
        assertTrue(browser.findElements(By.id("approve-" + request)).isEmpty(), "the auditor got the approve button");
        chromium.screenshot("kc-05-auditor-refused");
        assertTrue(requestLine("sato", request).contains("PENDING"), "the request was approved by the auditor's visit");
    }

    /**
     * One wait for both grants' minute (REQ-ACC-4): the broker warns 20 s before the monitoring grant's end
     * ({@code hoshu.grant-end-warning=20s}), cuts the selftest at the end with its reason and exit status 137, both
     * in the sealed recording; afterwards neither grant's certificate gets OpenSSH in.
     */
    @Test
    @Order(10)
    void theGrantsEndsWarnThenCutTheSessionAndStopOpenSsh() throws Exception {
        assertNotNull(selftest, "the monitoring test left no selftest running");
        assertNotNull(repairCertificate, "the repair test got no certificate");
        try {
            long warned = warnedAt.get(90, TimeUnit.SECONDS);
            Matcher warning = WARNING.matcher(selftest.output());
            assertTrue(warning.find(), selftest::output);
            int secondsLeft = Integer.parseInt(warning.group(2));
            assertTrue(secondsLeft >= 18 && secondsLeft <= 20, warning.group());

            int exit = selftest.awaitExit(Duration.ofSeconds(60));
            Duration warnedBeforeTheCut = Duration.ofNanos(System.nanoTime() - warned);

            assertEquals(137, exit, selftest::output);
            assertTrue(warnedBeforeTheCut.compareTo(Duration.ofSeconds(15)) > 0, "cut " + warnedBeforeTheCut
                    + " after the warning");
            Matcher cut = CUT.matcher(selftest.output());
            assertTrue(cut.find(), selftest::output);
            assertEquals(warning.group(1), cut.group(2));
            assertEquals(grantOf(monitorCertificate), cut.group(2), "the session was cut for another grant");
            assertTrue(selftest.output().indexOf(warning.group()) < selftest.output().indexOf(cut.group()),
                    selftest::output);

            String session = cut.group(1);
            Path recording = hoshu.recording(session);
            Await.until(Duration.ofSeconds(30), "recording sealed", () -> read(recording).contains("\"k\":\"seal\""));
            String lines = read(recording);
            assertTrue(lines.contains("\"k\":\"notice\",\"text\":\"" + warning.group() + "\""), lines);
            assertTrue(lines.contains("\"k\":\"kill\",\"by\":\"broker\",\"reason\":\"grant " + warning.group(1)
                    + " ended at "), lines);
            RunResult verify = hoshu.hoshu("suzuki", "recordings", "verify", "--session", session);
            assertEquals(0, verify.exitCode(), verify::toString);
        } finally {
            selftest.close();
        }

        sleepUntil(latest(monitorApprovedBy, repairApprovedBy).plus(Duration.ofMinutes(1)).plus(GRANT_END_SLACK));
        RunResult after = hoshu.ssh("sato", monitorCertificate, "CT-01", "status");
        assertNotEquals(0, after.exitCode(), after::toString);
        assertFalse(after.stdout().contains("gantry"), "the tool ran after the grant's end: " + after);
        String line = hoshuLine(after);
        assertTrue(line.startsWith("refused: ") && line.contains(grantOf(monitorCertificate))
                && (line.contains("expired at") || line.contains("ended at")), after::toString);

        RunResult afterRepair = hoshu.ssh("sato", repairCertificate, "CT-01", "status");
        assertNotEquals(0, afterRepair.exitCode(), afterRepair::toString);
        assertTrue(hoshuLine(afterRepair).startsWith("refused: "), afterRepair::toString);
    }

    /**
     * A stranger's browser opens the console and is sent to Keycloak's form: user name and password, then the
     * one-time code. Returns on the console's start page, or, for a wrong code, on Keycloak's code form.
     */
    private void signInAtKeycloak(String user, String code, String screenshot) {
        WebDriver browser = chromium.browser();
        chromium.forgetEveryLogin();
        browser.get(hoshu.brokerUrl() + "/console");
        chromium.waitFor(By.id("username"));
        assertTrue(browser.getCurrentUrl().startsWith(hoshu.keycloak().issuer() + "/protocol/openid-connect/auth?"),
                "the console did not send the browser to the realm: " + browser.getCurrentUrl());
        assertTrue(browser.getCurrentUrl().contains("code_challenge_method=S256")
                && browser.getCurrentUrl().contains("client_id=" + HoshuRealm.CONSOLE_CLIENT), browser.getCurrentUrl());
        if (screenshot != null) {
            chromium.screenshot(screenshot + "-password");
        }
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(hoshu.realm.user(user).password());
        browser.findElement(By.id("kc-login")).click();
        chromium.waitFor(By.id("otp"));
        if (screenshot != null) {
            chromium.screenshot(screenshot + "-code");
        }
        browser.findElement(By.id("otp")).sendKeys(code);
        browser.findElement(By.id("kc-login")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.or(
                ExpectedConditions.urlContains(hoshu.brokerUrl() + "/console/"),
                ExpectedConditions.visibilityOfElementLocated(By.id("input-error-otp"))));
        if (browser.getCurrentUrl().startsWith(hoshu.brokerUrl())) {
            chromium.waitFor(By.id("main"));
        }
    }

    private String code(String user) {
        return hoshu.codes.next(hoshu.realm.user(user));
    }

    private String request(String category, String reason, String... tools) {
        List<String> args = new ArrayList<>(List.of("request", "CT-01", "--category", category, "--reason", reason,
                "--minutes", "1"));
        for (String tool : tools) {
            args.addAll(List.of("--tool", tool));
        }
        RunResult request = hoshu.hoshu("sato", args.toArray(String[]::new));
        assertEquals(0, request.exitCode(), request::toString);
        Matcher id = REQUEST_ID.matcher(request.stdout());
        assertTrue(id.find(), request::toString);
        return id.group();
    }

    private String requestLine(String user, String request) {
        RunResult list = hoshu.hoshu(user, "requests");
        assertEquals(0, list.exitCode(), list::toString);
        return list.stdout().lines().filter(l -> l.contains(request)).findFirst()
                .orElseThrow(() -> new AssertionError(request + " not listed for " + user + ": " + list));
    }

    private RunResult cliAt(Path home, String stdin, String... args) {
        return Commands.run(HoshuSystem.cli(args), java.util.Map.of("HOSHU_HOME", home.toString()), stdin, dir);
    }

    private String storedToken(String user) throws IOException {
        return JSON.readTree(hoshu.home(user).resolve("session.json")).path("token").asString();
    }

    /** The token endpoint called directly, as another application of the hospital would. */
    private String passwordGrant(String clientId, String user) throws Exception {
        String code = hoshu.codes.next(hoshu.realm.user(user));
        String form = "grant_type=password&client_id=" + clientId + "&username=" + user + "&password="
                + hoshu.realm.user(user).password() + "&totp=" + code;
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(hoshu.keycloak().tokenEndpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer::body);
        return JSON.readTree(answer.body()).path("access_token").asString();
    }

    private HttpResponse<String> api(String token, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(hoshu.brokerUrl() + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode claims(String jwt) {
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.values().forEach(v -> values.add(v.asString()));
        return values;
    }

    private Path newestCertificate(String engineer) throws IOException {
        try (Stream<Path> certs = Files.list(hoshu.home(engineer).resolve("keys"))) {
            return certs.filter(p -> p.getFileName().toString().endsWith("-cert.pub"))
                    .max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified())).orElseThrow();
        }
    }

    /** Hoshu's one line on stderr; OpenSSH adds its own "Permission denied" after a refused login. */
    private static String hoshuLine(RunResult run) {
        List<String> ours = run.stderr().lines().filter(l -> !l.isBlank())
                .filter(l -> !l.endsWith("Permission denied (publickey).")).toList();
        assertEquals(1, ours.size(), "one line of Hoshu's on stderr: " + run);
        return ours.get(0);
    }

    private static String grantOf(Path certificate) {
        return certificate.getFileName().toString().replace("-cert.pub", "");
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleepUntil(Instant moment) {
        long millis = Duration.between(Instant.now(), moment).toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis); // the grant's minute has to pass; there is nothing to poll
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
