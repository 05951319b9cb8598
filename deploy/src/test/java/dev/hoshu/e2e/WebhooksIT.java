package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks as a hospital integrates them: the packaged broker posts a signed {@code request.created} to a real HTTP
 * receiver when sato asks for access, the receiver checks the HMAC the way docs/notifications.md tells it to, a
 * 500 is retried, and a receiver that keeps failing shows its failures in {@code hoshu webhooks deliveries}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhooksIT {

    private static final Pattern WEBHOOK_ID = Pattern.compile("\\bw-[a-z2-7]{10}\\b");
    private static final Pattern SECRET = Pattern.compile("^secret (whsec_[a-z2-7]{32})$", Pattern.MULTILINE);

    @TempDir
    static Path dir;

    private HoshuSystem hoshu;
    private Receiver flaky;
    private Receiver broken;
    private String flakyId;
    private String secret;

    /** A receiver on loopback: keeps each request and answers with the status it is told for the n-th. */
    private static final class Receiver implements AutoCloseable {
        record Received(String timestamp, String signature, String delivery, byte[] body) {
        }

        final List<Received> received = new CopyOnWriteArrayList<>();
        private final HttpServer server;
        private final AtomicInteger count = new AtomicInteger();

        Receiver(IntUnaryOperator statusOfNth) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/hoshu", exchange -> {
                received.add(new Received(exchange.getRequestHeaders().getFirst("Hoshu-Timestamp"),
                        exchange.getRequestHeaders().getFirst("Hoshu-Signature"),
                        exchange.getRequestHeaders().getFirst("Hoshu-Delivery"),
                        exchange.getRequestBody().readAllBytes()));
                int status = statusOfNth.applyAsInt(count.incrementAndGet());
                byte[] answer = (status == 200 ? "thanks" : "integration down for maintenance")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hoshu";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @BeforeAll
    void start() throws IOException {
        hoshu = HoshuSystem.start(dir, "--hoshu.webhooks.allow-plain-http=true",
                "--hoshu.webhooks.initial-backoff=300ms", "--hoshu.webhooks.max-backoff=1s",
                "--hoshu.webhooks.max-attempts=3", "--hoshu.webhooks.poll-interval=100ms");
        flaky = new Receiver(n -> n == 1 ? 500 : 200);
        broken = new Receiver(n -> 503);
        // The device must be known for a request; a join token registers it as invited.
        RunResult token = hoshu.hoshu("tanaka", "enroll-token", "CT-01", "--quiet");
        assertEquals(0, token.exitCode(), token::toString);
    }

    @AfterAll
    void stop() {
        if (flaky != null) {
            flaky.close();
        }
        if (broken != null) {
            broken.close();
        }
        if (hoshu != null) {
            hoshu.close();
        }
    }

    /** What docs/notifications.md tells a receiver to do, written independently of the broker's code. */
    private static boolean signatureValid(String secret, Receiver.Received got) throws Exception {
        long timestamp = Long.parseLong(got.timestamp());
        if (Math.abs(Instant.now().getEpochSecond() - timestamp) > 300) {
            return false;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((got.timestamp() + ".").getBytes(StandardCharsets.US_ASCII));
        String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal(got.body()));
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                got.signature().getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    @Order(1)
    void aHospitalAdminRegistersAReceiverAndGetsItsSecretOnce() {
        RunResult add = hoshu.hoshu("tanaka", "webhooks", "add", flaky.url(), "--event", "request.created");
        assertEquals(0, add.exitCode(), add::toString);
        Matcher id = WEBHOOK_ID.matcher(add.stdout());
        Matcher secretLine = SECRET.matcher(add.stdout());
        assertTrue(id.find() && secretLine.find(), add::toString);
        flakyId = id.group();
        secret = secretLine.group(1);

        RunResult list = hoshu.hoshu("tanaka", "webhooks");
        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.stdout().contains(flakyId) && list.stdout().contains("request.created"), list::toString);
        assertTrue(!list.stdout().contains(secret), "the secret is shown only when registering");
    }

    @Test
    @Order(2)
    void satoAskingForAccessReachesTheReceiverSignedAndA500IsRetried() throws Exception {
        RunResult request = hoshu.hoshu("sato", "request", "CT-01", "--tool", "status", "--category", "MAINTENANCE",
                "--reason", "WO-HOOK-1", "--minutes", "30");
        assertEquals(0, request.exitCode(), request::toString);

        Await.until(Duration.ofSeconds(30), "the retry after the receiver's 500", () -> flaky.received.size() >= 2);
        Receiver.Received first = flaky.received.get(0);
        Receiver.Received retry = flaky.received.get(1);
        assertEquals(first.delivery(), retry.delivery(), "a retry is the same delivery");
        assertTrue(signatureValid(secret, retry), "the receiver verifies the signature with its secret");
        assertTrue(!signatureValid("whsec_" + "a".repeat(32), retry), "another secret does not verify");
        JsonNode notice = JsonMapper.shared().readTree(retry.body());
        assertEquals("request.created", notice.path("event").asString());
        assertEquals("hosp-a", notice.path("hospital").asString());
        assertEquals("sato", notice.path("engineer").asString());
        assertEquals("CT-01", notice.path("device").asString());
        assertEquals("WO-HOOK-1", notice.path("reason").asString());
        assertTrue(request.stdout().contains(notice.path("requestId").asString()), request::toString);

        Await.until(Duration.ofSeconds(10), "delivered in the deliveries list", () -> {
            RunResult deliveries = hoshu.hoshu("tanaka", "webhooks", "deliveries", flakyId);
            return deliveries.exitCode() == 0 && deliveries.stdout().contains("delivered");
        });
        RunResult deliveries = hoshu.hoshu("tanaka", "webhooks", "deliveries", flakyId);
        String row = deliveries.stdout().lines().filter(l -> l.contains(retry.delivery())).findFirst().orElseThrow();
        assertTrue(row.matches(".*request\\.created\\s+delivered\\s+2\\s.*"), deliveries::toString);
    }

    @Test
    @Order(3)
    void aReceiverThatKeepsFailingShowsItsFailures() {
        RunResult add = hoshu.hoshu("tanaka", "webhooks", "add", broken.url());
        assertEquals(0, add.exitCode(), add::toString);
        Matcher id = WEBHOOK_ID.matcher(add.stdout());
        assertTrue(id.find(), add::toString);
        String brokenId = id.group();

        RunResult request = hoshu.hoshu("sato", "request", "CT-01", "--tool", "status", "--category", "MAINTENANCE",
                "--reason", "WO-HOOK-2", "--minutes", "30");
        assertEquals(0, request.exitCode(), "a failing receiver never fails the act: " + request);

        Await.until(Duration.ofSeconds(30), "the failing receiver given up", () -> {
            RunResult deliveries = hoshu.hoshu("tanaka", "webhooks", "deliveries", brokenId);
            return deliveries.stdout().contains("failed");
        });
        RunResult deliveries = hoshu.hoshu("tanaka", "webhooks", "deliveries", brokenId);
        assertTrue(deliveries.stdout().matches("(?s).*request\\.created\\s+failed\\s+3\\s.*HTTP 503: integration down"
                + " for maintenance.*"), deliveries::toString);
        assertEquals(3, broken.received.size());
    }

    @Test
    @Order(4)
    void anotherHospitalAndHostileAddressesAreRefusedInOneLine() {
        RunResult foreign = hoshu.hoshu("kato", "webhooks", "deliveries", flakyId);
        assertEquals(1, foreign.exitCode(), foreign::toString);
        assertEquals("unknown webhook " + flakyId, foreign.stderr().strip());
        RunResult remove = hoshu.hoshu("kato", "webhooks", "remove", flakyId);
        assertEquals("unknown webhook " + flakyId, remove.stderr().strip());
        RunResult kato = hoshu.hoshu("kato", "webhooks");
        assertTrue(!kato.stdout().contains(flakyId), kato::toString);

        RunResult file = hoshu.hoshu("tanaka", "webhooks", "add", "file:///etc/passwd");
        assertEquals(1, file.exitCode(), file::toString);
        assertEquals("refused: webhook url must use https, not 'file'", file.stderr().strip());
        RunResult credentials = hoshu.hoshu("tanaka", "webhooks", "add", "https://admin:pw@hooks.example/x");
        assertEquals("refused: webhook url must not carry credentials; the signature authenticates the broker",
                credentials.stderr().strip());
        RunResult engineer = hoshu.hoshu("sato", "webhooks", "add", flaky.url());
        assertEquals("denied: registering a webhook needs the hospital-admin role", engineer.stderr().strip());

        RunResult audit = hoshu.hoshu("tanaka", "audit", "--format", "jsonl");
        assertEquals(0, audit.exitCode(), audit::toString);
        List<String> lines = audit.stdout().lines().filter(l -> l.contains("\"webhook.")).toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"webhook.create\"") && l.contains("\"allowed\"")),
                audit::toString);
        assertTrue(lines.stream().anyMatch(l -> l.contains("must use https, not 'file'")), audit::toString);
        assertTrue(lines.stream().noneMatch(l -> l.contains(secret)), "no secret in the audit log");
    }

    @Test
    @Order(5)
    void aRemovedSubscriptionHearsNothingMore() {
        RunResult remove = hoshu.hoshu("tanaka", "webhooks", "remove", flakyId);
        assertEquals(0, remove.exitCode(), remove::toString);
        int before = flaky.received.size();
        RunResult request = hoshu.hoshu("sato", "request", "CT-01", "--tool", "status", "--category", "MAINTENANCE",
                "--reason", "WO-HOOK-3", "--minutes", "30");
        assertEquals(0, request.exitCode(), request::toString);
        // The broken receiver's subscription still stands: once it heard of this request, the flaky one had its chance.
        Await.until(Duration.ofSeconds(30), "the request notice at the other receiver",
                () -> broken.received.stream().anyMatch(r -> new String(r.body(), StandardCharsets.UTF_8)
                        .contains("WO-HOOK-3")));
        assertEquals(before, flaky.received.size());
        assertNotEquals(0, before);
    }
}
