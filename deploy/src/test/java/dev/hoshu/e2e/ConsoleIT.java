package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The hospital console in a real headless Chromium (Debian's chromium and chromium-driver, through Selenium), against
 * the packaged broker with the quickstart's development issuer as the identity provider: log in, approve a request,
 * watch a live selftest through the real OpenSSH client, kill it, replay its recording, the emergency stop, and the
 * Japanese page; each role sees only what it may, in the browser and through the API (the CLI) behind it.
 * Screenshots of each page go to {@code target/console-screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(KeptEvidence.class)
class ConsoleIT implements KeptEvidence.Source {

    private static final Pattern SESSION = Pattern.compile("\\bs-[0-9a-f]{16}\\b");

    @TempDir
    static Path dir;

    private HoshuSystem hoshu;
    private HeadlessChromium chromium;
    private WebDriver browser;
    private String requestId;
    private String sessionId;

    @BeforeAll
    void start() throws IOException {
        // Never skipped: a machine without the browser fails here, naming the Debian packages (CI installs them).
        chromium = HeadlessChromium.start(dir);
        browser = chromium.browser();
        hoshu = HoshuSystem.start(dir);
        hoshu.startAgent("CT-01", "tanaka");
        hoshu.awaitOnline("CT-01", "hosp-a");
    }

    @AfterAll
    void stop() {
        try {
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
    void anApproverLogsInAtTheIssuerAndApprovesThePendingRequest() throws IOException {
        // The broker knows the demo manufacturer's key, so the platform operator can publish its signed tool.
        Files.createDirectories(hoshu.brokerData().resolve("manufacturer-keys"));
        Files.copy(hoshu.dir.resolve("manufacturer/demo.pub.pem"), hoshu.brokerData().resolve("manufacturer-keys/demo.pem"));
        hoshu.login("ops");
        RunResult publish = hoshu.hoshu("ops", "tools", "publish",
                hoshu.agentDir("CT-01").resolve("tools/selftest").toString());
        assertEquals(0, publish.exitCode(), publish::toString);
        RunResult request = hoshu.hoshu("sato", "request", "CT-01", "--tool", "selftest", "--category", "MAINTENANCE",
                "--reason", "WO-CONSOLE-1 tube check", "--minutes", "30");
        assertEquals(0, request.exitCode(), request::toString);
        Matcher id = Pattern.compile("\\br-[a-z0-9]+").matcher(request.stdout());
        assertTrue(id.find(), request::toString);
        requestId = id.group();

        logIn("tanaka");
        WebElement card = waitFor(By.id("request-" + requestId));
        String text = card.getText();
        assertTrue(text.contains("sato") && text.contains("medserve") && text.contains("MAINTENANCE")
                && text.contains("selftest") && text.contains("WO-CONSOLE-1 tube check") && text.contains("JST"), text);
        assertTrue(text.contains("Caution: Runs for about ten minutes; the scanner cannot scan meanwhile."),
                "the signed manifest's caution for the approver: " + text);
        assertTrue(browser.findElement(By.id("who")).getText().contains("田中 花子 (hosp-a)"));
        screenshot("01-requests");

        browser.findElement(By.id("approve-" + requestId)).click();
        assertEquals("Approved: the grant is created.", waitFor(By.id("notice")).getText());
        // The API behind the page agrees: the request is approved and sato holds a grant.
        RunResult requests = hoshu.hoshu("tanaka", "requests");
        assertTrue(requests.stdout().lines().anyMatch(line -> line.contains(requestId) && line.contains("APPROVED")),
                requests::toString);
    }

    @Test
    @Order(2)
    void anAuditorCannotApproveNeitherInTheBrowserNorThroughTheApi() {
        logIn("suzuki");
        assertEquals(hoshu.brokerUrl() + "/console/recordings", browser.getCurrentUrl(), "an auditor starts at the recordings");
        browser.get(hoshu.brokerUrl() + "/console/requests");
        WebElement refusal = waitFor(By.id("refusal"));
        assertEquals("denied: listing requests needs one of the roles engineer, approver", refusal.getText());
        screenshot("02-auditor-refused");
        RunResult approve = hoshu.hoshu("suzuki", "approve", requestId);
        assertEquals(1, approve.exitCode(), approve::toString);
        assertTrue(approve.stderr().contains("denied: approving needs the approver role"), approve::toString);
        // The browser's refusal is in the audit log like the API's: suzuki, refused, the API twin of the page.
        assertTrue(auditLines().stream().anyMatch(line -> line.contains("\"actor\":\"suzuki\"") && line.contains("\"outcome\":\"refused\"")
                && line.contains("GET /api/v1/requests")), "the console's role refusal is not audited");
    }

    @Test
    @Order(3)
    void eachRoleSeesTheLiveSessionAsItMayAndAnApproverWatchesAndKillsIt() {
        ManagedProcess engineer = ManagedProcess.start("engineer-selftest", HoshuSystem.cli("ssh", "CT-01", "selftest"),
                Map.of("HOSHU_HOME", hoshu.home("sato").toString()), dir.resolve("logs/engineer-selftest.log"));
        try {
            engineer.awaitOutput("step 2/600", Duration.ofSeconds(60));
            logIn("tanaka");
            browser.get(hoshu.brokerUrl() + "/console/sessions");
            WebElement link = waitFor(By.cssSelector("#sessions a[href^='/console/sessions/s-']"));
            sessionId = link.getText();
            assertTrue(SESSION.matcher(sessionId).matches(), sessionId);
            String row = browser.findElement(By.id("session-" + sessionId)).getText();
            assertTrue(row.contains("sato (medserve)") && row.contains("CT-01") && row.contains("selftest"), row);
            screenshot("03-sessions");

            // Another hospital sees none of it, in the browser and through the API.
            logIn("kato");
            browser.get(hoshu.brokerUrl() + "/console/sessions");
            assertTrue(waitFor(By.id("main")).getText().contains("No sessions."));
            assertFalse(browser.getPageSource().contains(sessionId), "hosp-b's approver sees hosp-a's session");
            browser.get(hoshu.brokerUrl() + "/console/sessions/" + sessionId);
            assertFalse(waitFor(By.id("refusal")).getText().isBlank());
            screenshot("04-other-hospital-refused");
            RunResult foreign = hoshu.hoshu("kato", "sessions");
            assertFalse(foreign.stdout().contains(sessionId), foreign::toString);

            // The engineer sees their own session, but neither its live view nor the kill control.
            logIn("sato");
            browser.get(hoshu.brokerUrl() + "/console/sessions");
            assertTrue(waitFor(By.id("main")).getText().contains(sessionId));
            RunResult own = hoshu.hoshu("sato", "sessions");
            assertTrue(own.stdout().contains(sessionId), own::toString);
            browser.get(hoshu.brokerUrl() + "/console/sessions/" + sessionId);
            waitFor(By.id("session-state"));
            assertTrue(browser.findElements(By.id("kill")).isEmpty() && browser.findElements(By.id("live-output")).isEmpty());

            // Another service company's engineer: the pages an engineer opens show none of it, the API neither.
            RunResult ask = hoshu.hoshu("sato", "request", "CT-01", "--tool", "status", "--category", "MONITOR",
                    "--reason", "WO-CONSOLE-3 pending", "--minutes", "30");
            Matcher asked = Pattern.compile("\\br-[a-z0-9]+").matcher(ask.stdout());
            assertTrue(asked.find(), ask::toString);
            String pending = asked.group();
            hoshu.login("nakamura");
            logIn("nakamura");
            assertEquals(hoshu.brokerUrl() + "/console/requests", browser.getCurrentUrl(), "an engineer starts at the requests");
            assertFalse(browser.getPageSource().contains(pending), "kyowa-medical's engineer sees medserve's request");
            browser.get(hoshu.brokerUrl() + "/console/sessions");
            assertTrue(waitFor(By.id("main")).getText().contains("No sessions."));
            assertFalse(browser.getPageSource().contains(sessionId), "another company's engineer sees sato's session");
            screenshot("04b-other-company-engineer");
            // An engineer's console is their own work: the hospital's pages are neither offered nor opened.
            assertTrue(browser.findElements(By.cssSelector("nav a[href='/console/devices']")).isEmpty()
                    && browser.findElements(By.cssSelector("nav a[href='/console/emergency']")).isEmpty());
            browser.get(hoshu.brokerUrl() + "/console/devices");
            assertEquals("denied: listing devices needs one of the roles hospital-admin, approver, auditor",
                    waitFor(By.id("refusal")).getText());
            browser.get(hoshu.brokerUrl() + "/console/sessions/" + sessionId);
            assertEquals("unknown session " + sessionId, waitFor(By.id("refusal")).getText());
            RunResult strangers = hoshu.hoshu("nakamura", "sessions");
            assertEquals(0, strangers.exitCode(), strangers::toString);
            assertFalse(strangers.stdout().contains(sessionId), strangers::toString);
            HttpResponse<String> byId = api("nakamura", "/api/v1/sessions/" + sessionId);
            assertEquals(404, byId.statusCode(), byId::body);
            assertFalse(byId.body().contains("sato"), byId::body);
            HttpResponse<String> requests = api("nakamura", "/api/v1/requests");
            assertEquals(200, requests.statusCode(), requests::body);
            assertFalse(requests.body().contains(pending) || requests.body().contains(requestId), requests::body);
            assertTrue(api("sato", "/api/v1/requests").body().contains(pending), "sato lists his own pending request");

            logIn("tanaka");
            browser.get(hoshu.brokerUrl() + "/console/sessions/" + sessionId);
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.textMatches(
                    By.id("live-output"), Pattern.compile("step \\d+/600")));
            screenshot("05-live-session");

            browser.findElement(By.id("kill-reason")).sendKeys("console test: wrong tool");
            browser.findElement(By.id("kill-confirm")).click();
            browser.findElement(By.id("kill")).click();
            assertEquals("The session was killed.", waitFor(By.id("notice")).getText());
            assertEquals(137, engineer.awaitExit(Duration.ofSeconds(30)), engineer::output);
            assertTrue(engineer.output().contains("killed by tanaka: console test: wrong tool"), engineer::output);
            assertEquals("tanaka", browser.findElement(By.id("killed-by")).getText());
            screenshot("06-session-killed");
        } finally {
            engineer.close();
        }
        // The audit log has the kill as the API would have written it.
        RunResult audit = hoshu.hoshu("tanaka", "audit", "--action", "session.kill");
        assertTrue(audit.stdout().lines().anyMatch(line -> line.contains("session.kill") && line.contains("allowed")
                && line.contains("tanaka") && line.contains(sessionId)), audit::toString);
    }

    @Test
    @Order(4)
    void onlyTheHospitalsAuditorReadsTheRecording() {
        logIn("kato");
        browser.get(hoshu.brokerUrl() + "/console/recordings/" + sessionId);
        assertFalse(waitFor(By.id("refusal")).getText().isBlank());
        assertFalse(browser.getPageSource().contains("step 1/600"), "hosp-b reads hosp-a's recording");
        logIn("sato");
        browser.get(hoshu.brokerUrl() + "/console/recordings/" + sessionId);
        assertFalse(waitFor(By.id("refusal")).getText().isBlank());
        assertFalse(browser.getPageSource().contains("step 1/600"), "the engineer reads the recording");
        // Another company's engineer: not in the search, not by its id, not through the API.
        logIn("nakamura");
        browser.get(hoshu.brokerUrl() + "/console/recordings?device=CT-01");
        waitFor(By.id("main"));
        assertFalse(browser.getPageSource().contains(sessionId), "another company's engineer finds sato's recording");
        browser.get(hoshu.brokerUrl() + "/console/recordings/" + sessionId);
        assertFalse(waitFor(By.id("refusal")).getText().isBlank());
        assertFalse(browser.getPageSource().contains("step 1/600"), "another company's engineer reads the recording");
        // The export links, fetched with nakamura's own console session cookie (a download never loads as a page).
        for (String format : List.of("cast", "jsonl")) {
            HttpResponse<String> export = withBrowserCookies(hoshu.brokerUrl() + "/console/recordings/" + sessionId
                    + "/export?format=" + format);
            assertEquals(404, export.statusCode(), export::body);
            assertTrue(export.headers().firstValue("Content-Disposition").isEmpty(), export::toString);
            assertFalse(export.body().contains("step 1/600"), "another company's engineer exports the recording");
        }
        HttpResponse<String> recording = api("nakamura", "/api/v1/recordings/" + sessionId);
        assertTrue(recording.statusCode() == 403 || recording.statusCode() == 404, recording::toString);
        assertFalse(recording.body().contains("step 1/600"), recording::body);
        HttpResponse<String> search = api("nakamura", "/api/v1/recordings?device=CT-01");
        assertEquals(200, search.statusCode(), search::body);
        assertFalse(search.body().contains(sessionId), search::body);
    }

    @Test
    @Order(5)
    void anAuditorReplaysTheRecordingChecksItsSealAndExportsIt() throws Exception {
        logIn("suzuki");
        Await.until(Duration.ofSeconds(30), "the killed session's recording sealed", () -> {
            browser.get(hoshu.brokerUrl() + "/console/recordings?device=CT-01");
            return browser.findElements(By.id("recording-" + sessionId)).stream()
                    .anyMatch(row -> row.getText().contains("yes"));
        });
        screenshot("07-recordings");
        browser.findElement(By.cssSelector("#recording-" + sessionId + " a")).click();
        String integrity = waitFor(By.id("integrity")).getText();
        assertTrue(integrity.startsWith("Intact and sealed"), integrity);
        new Select(browser.findElement(By.id("replay-speed"))).selectByValue("16");
        browser.findElement(By.id("replay-play")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.textMatches(
                By.id("replay-player"), Pattern.compile("step 2/600")));
        screenshot("08-replay");

        // The export link, fetched with the browser's own session cookie, is the asciicast of the same session.
        String href = browser.findElement(By.id("export-cast")).getAttribute("href");
        HttpResponse<String> cast = withBrowserCookies(href);
        assertEquals(200, cast.statusCode(), cast::body);
        assertTrue(cast.body().startsWith("{\"version\":2") && cast.body().contains("step 1/600"), cast.body());
        RunResult audit = hoshu.hoshu("suzuki", "audit", "--action", "recording.export");
        assertTrue(audit.stdout().contains(sessionId), audit::toString);
    }

    @Test
    @Order(6)
    void theEmergencyStopLocksTheWholeHospital() {
        logIn("tanaka");
        browser.get(hoshu.brokerUrl() + "/console/emergency");
        waitFor(By.id("emergency-stop"));
        screenshot("09-emergency-stop");
        browser.findElement(By.id("stop-reason")).sendKeys("console test: suspected intrusion");
        browser.findElement(By.id("stop-confirm")).click();
        browser.findElement(By.id("emergency-stop")).click();
        assertEquals("STOPPED: all remote maintenance of hosp-a is locked.", waitFor(By.id("hospital-state")).getText());
        screenshot("10-emergency-stopped");
        RunResult locks = hoshu.hoshu("tanaka", "locks");
        assertTrue(locks.stdout().contains("hospital") && locks.stdout().contains("console test: suspected intrusion"),
                locks::toString);
        // While the hospital is locked, nothing is approved, through the API either.
        RunResult request = hoshu.hoshu("sato", "request", "CT-01", "--tool", "status", "--category", "MAINTENANCE",
                "--reason", "WO-CONSOLE-2", "--minutes", "30");
        Matcher id = Pattern.compile("\\br-[a-z0-9]+").matcher(request.stdout());
        assertTrue(id.find(), request::toString);
        RunResult refused = hoshu.hoshu("tanaka", "approve", id.group());
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().contains("locked by tanaka: console test: suspected intrusion"), refused::toString);
    }

    @Test
    @Order(7)
    void theConsoleSpeaksJapaneseOnceChosenAndRemembersIt() {
        logIn("tanaka");
        new Select(browser.findElement(By.id("lang"))).selectByValue("ja");
        browser.findElement(By.id("lang-switch")).click();
        assertEquals("承認待ちの申請", waitFor(By.tagName("h1")).getText());
        assertEquals("ja", browser.findElement(By.tagName("html")).getAttribute("lang"));
        browser.get(hoshu.brokerUrl() + "/console/emergency");
        assertTrue(waitFor(By.id("hospital-state")).getText().startsWith("停止中"));
        screenshot("11-emergency-ja");
        browser.get(hoshu.brokerUrl() + "/console/devices");
        String devices = waitFor(By.id("device-CT-01")).getText();
        assertTrue(devices.contains("接続中") && devices.contains("ms"), devices);
        screenshot("12-devices-ja");
    }

    @Test
    @Order(8)
    void hospitalStaffSeeWhoDoesWhatAsTheHospitalAdminWroteIt() throws IOException {
        logIn("suzuki");
        browser.get(hoshu.brokerUrl() + "/console/responsibilities");
        assertTrue(waitFor(By.id("no-sheet")).isDisplayed(), "no sheet before one is written");
        Path sheet = Files.writeString(hoshu.dir.resolve("responsibilities.json"), """
                {"serviceCompany":{"name":"メドサーブ株式会社","contact":"03-1234-5678"},
                 "serverOperator":{"name":"病院情報システム課","contact":"内線 4100"},
                 "manufacturer":{"name":"デモ医用機器","contact":"0120-000-000"},
                 "responsiblePerson":{"name":"山本 太郎","contact":"090-0000-0000"},
                 "emergencyContacts":[{"name":"放射線科 当直","role":"装置停止の判断","contact":"内線 2200"}]}
                """);
        RunResult set = hoshu.hoshu("tanaka", "responsibilities", "set", sheet.toString());
        assertEquals(0, set.exitCode(), set::toString);

        browser.navigate().refresh();
        String parties = waitFor(By.id("parties")).getText();
        assertTrue(parties.contains("メドサーブ株式会社") && parties.contains("山本 太郎"), parties);
        assertTrue(waitFor(By.id("emergency-contacts")).getText().contains("放射線科 当直"));
        new Select(browser.findElement(By.id("lang"))).selectByValue("ja");
        browser.findElement(By.id("lang-switch")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.textToBe(By.tagName("h1"), "役割分担"));
        assertTrue(waitFor(By.id("parties")).getText().contains("保守サービス事業者"));
        screenshot("13-responsibilities-ja");
        logIn("watanabe");
        browser.get(hoshu.brokerUrl() + "/console/responsibilities");
        assertTrue(waitFor(By.id("no-sheet")).isDisplayed(), "hosp-b sees its own (empty) sheet, not hosp-a's");
    }

    /** A GET as the browser's logged-in user would make it: with the browser's session cookie. */
    private HttpResponse<String> withBrowserCookies(String url) {
        String cookie = browser.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .reduce((a, b) -> a + "; " + b).orElseThrow();
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The API behind the console, called with the token {@code hoshu login} keeps for the user. */
    private HttpResponse<String> api(String user, String path) {
        try {
            String token = tools.jackson.databind.json.JsonMapper.shared()
                    .readTree(hoshu.home(user).resolve("session.json")).path("token").asString();
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(hoshu.brokerUrl() + path))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private List<String> auditLines() {
        try (var files = Files.list(hoshu.brokerData().resolve("audit"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh console session: the previous user's cookies go, the issuer's form is filled in as a person would. */
    private void logIn(String user) {
        browser.manage().deleteAllCookies();
        browser.get(hoshu.brokerUrl() + "/console");
        waitFor(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys("demo");
        browser.findElement(By.id("login")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.urlContains("/console/"));
        waitFor(By.id("main"));
    }

    private WebElement waitFor(By by) {
        return chromium.waitFor(by);
    }

    private void screenshot(String name) {
        chromium.screenshot(name);
    }
}
