package dev.hoshu.broker.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.DeliveryView;
import dev.hoshu.api.service.NewWebhook;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.RegisteredWebhook;
import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.audit.InMemoryAuditTrail;
import dev.hoshu.broker.state.WebhookOutboxStore;
import dev.hoshu.broker.state.WebhookStore;
import dev.hoshu.broker.state.RecordCollections;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Subscriptions and the outbox against a real HTTP receiver on loopback: only the notice's hospital hears of it,
 * every request is signed, failures are retried with backoff and given up, and pending deliveries outlive a restart.
 */
class WebhookOutboxTest {

    private static final Actor TANAKA = new Actor("tanaka", "hosp-a", Set.of("approver", "hospital-admin"), "田中");
    private static final Actor KATO = new Actor("kato", "hosp-b", Set.of("approver", "hospital-admin"), "加藤");
    private static final Actor SUZUKI = new Actor("suzuki", "hosp-a", Set.of("auditor"), "鈴木");
    private static final WebhookSettings FAST = new WebhookSettings(true, 3, Duration.ofMillis(100),
            Duration.ofMillis(400), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(50), null);

    @TempDir
    Path state;

    private final Clock clock = Clock.systemUTC();
    private final InMemoryAuditTrail audit = new InMemoryAuditTrail();
    private WebhookOutbox outbox;
    private Receiver receiver;
    private WebhookStore webhookStore;
    private WebhookOutboxStore outboxStore;

    @BeforeEach
    void openState() {
        webhookStore = new WebhookStore(RecordCollections.inFolder(state));
        outboxStore = new WebhookOutboxStore(state);
    }

    @AfterEach
    void stop() {
        if (outbox != null) {
            outbox.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    private Webhooks webhooks() {
        return new Webhooks(webhookStore, outboxStore, FAST, audit, clock);
    }

    private WebhookOutbox startOutbox() {
        return new WebhookOutbox(webhookStore, outboxStore, FAST, clock);
    }

    private static AccessNotice created(String hospital) {
        return new AccessNotice("request.created", hospital, "r-1", null, "sato", "CT-01", "MAINTENANCE", "sato",
                "WO-1", Instant.parse("2026-11-21T01:00:00Z"));
    }

    @Test
    void onlyTheNoticesHospitalHearsOfItSignedWithItsSecret() throws Exception {
        receiver = new Receiver(n -> 200);
        RegisteredWebhook mine = webhooks().register(TANAKA, new NewWebhook(receiver.url(), List.of()));
        webhooks().register(KATO, new NewWebhook(receiver.url() + "?hosp=b", List.of()));
        outbox = startOutbox();

        outbox.publish(created("hosp-a"));

        await(() -> receiver.received.size() == 1);
        Receiver.Received got = receiver.received.get(0);
        JsonNode body = JsonMapper.shared().readTree(got.body());
        assertEquals("request.created", body.path("event").asString());
        assertEquals("hosp-a", body.path("hospital").asString());
        assertEquals(mine.webhook().id(), body.path("webhook").asString());
        assertEquals(got.header("Hoshu-Delivery"), body.path("deliveryId").asString());
        assertTrue(WebhookSignature.verify(mine.secret(), got.header("Hoshu-Timestamp"), got.body(),
                got.header("Hoshu-Signature"), Instant.now(), WebhookSignature.DEFAULT_WINDOW));
        await(() -> webhooks().deliveries(TANAKA, mine.webhook().id()).get(0).status().equals("delivered"));
        Thread.sleep(300);
        assertEquals(1, receiver.received.size(), "hosp-b's subscription must not hear of hosp-a's request");
    }

    @Test
    void aCutReachesOnlyItsHospitalWithWhoWhatWhyWhenAndTheSessionsItEnded() throws Exception {
        receiver = new Receiver(n -> 200);
        RegisteredWebhook mine = webhooks().register(TANAKA, new NewWebhook(receiver.url(),
                List.of("lock.created")));
        RegisteredWebhook accessOnly = webhooks().register(TANAKA, new NewWebhook(receiver.url() + "?access",
                List.of("request.created")));
        webhooks().register(KATO, new NewWebhook(receiver.url() + "?hosp=b", List.of()));
        outbox = startOutbox();

        outbox.publish(new CutNotice("lock.created", "hosp-a", "tanaka", "scanner needed for a patient",
                Instant.parse("2026-11-21T01:00:00.123Z"), new CutNotice.Target("device", "CT-01"), "l-abc",
                List.of("s-1", "s-2"), List.of("g-1"), null));

        await(() -> receiver.received.size() == 1);
        Receiver.Received got = receiver.received.get(0);
        assertEquals("lock.created", got.header("Hoshu-Event"));
        JsonNode body = JsonMapper.shared().readTree(got.body());
        assertEquals(mine.webhook().id(), body.path("webhook").asString());
        assertEquals("hosp-a", body.path("hospital").asString());
        assertEquals("tanaka", body.path("actor").asString());
        assertEquals("device", body.path("target").path("kind").asString());
        assertEquals("CT-01", body.path("target").path("value").asString());
        assertEquals("l-abc", body.path("lockId").asString());
        assertEquals("scanner needed for a patient", body.path("reason").asString());
        assertEquals("s-1", body.path("sessions").get(0).asString());
        assertEquals(2, body.path("sessions").size());
        assertEquals("g-1", body.path("grants").get(0).asString());
        assertEquals("2026-11-21T01:00:00.123Z", body.path("at").asString());
        assertTrue(WebhookSignature.verify(mine.secret(), got.header("Hoshu-Timestamp"), got.body(),
                got.header("Hoshu-Signature"), Instant.now(), WebhookSignature.DEFAULT_WINDOW));
        Thread.sleep(300);
        assertEquals(1, receiver.received.size(), "neither hosp-b nor a subscription to other events hears of it");
        assertEquals(List.of(), webhooks().deliveries(TANAKA, accessOnly.webhook().id()));
    }

    @Test
    void aFailingReceiverIsRetriedUntilItAnswers() {
        receiver = new Receiver(n -> n == 1 ? 500 : 200);
        RegisteredWebhook hook = webhooks().register(TANAKA, new NewWebhook(receiver.url(), List.of("request.created")));
        outbox = startOutbox();

        outbox.publish(created("hosp-a"));
        outbox.publish(new AccessNotice("request.denied", "hosp-a", "r-1", null, "sato", "CT-01", "MAINTENANCE",
                "tanaka", "no", Instant.now()));

        await(() -> !webhooks().deliveries(TANAKA, hook.webhook().id()).isEmpty()
                && webhooks().deliveries(TANAKA, hook.webhook().id()).get(0).status().equals("delivered"));
        List<DeliveryView> deliveries = webhooks().deliveries(TANAKA, hook.webhook().id());
        assertEquals(1, deliveries.size(), "request.denied was not subscribed to: " + deliveries);
        assertEquals(2, deliveries.get(0).attempts());
        assertEquals(2, receiver.received.size());
        assertEquals(receiver.received.get(0).header("Hoshu-Delivery"), receiver.received.get(1).header("Hoshu-Delivery"),
                "a retry is the same delivery");
    }

    @Test
    void aDeadReceiverIsGivenUpAfterTheLastAttemptWithItsError() {
        receiver = new Receiver(n -> 503);
        RegisteredWebhook hook = webhooks().register(TANAKA, new NewWebhook(receiver.url(), List.of()));
        outbox = startOutbox();

        outbox.publish(created("hosp-a"));

        await(() -> webhooks().deliveries(TANAKA, hook.webhook().id()).get(0).status().equals("failed"));
        DeliveryView failed = webhooks().deliveries(TANAKA, hook.webhook().id()).get(0);
        assertEquals(3, failed.attempts());
        assertEquals(503, failed.lastStatus());
        assertEquals("HTTP 503: receiver says no", failed.lastError());
        assertNull(failed.nextAttemptAt());
        assertEquals(3, receiver.received.size());
    }

    @Test
    void pendingDeliveriesSurviveARestart() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        WebhookSettings patient = new WebhookSettings(true, 20, Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(50), null);
        RegisteredWebhook hook = webhooks().register(TANAKA,
                new NewWebhook("http://127.0.0.1:" + port + "/hook", List.of()));
        outbox = new WebhookOutbox(webhookStore, outboxStore, patient, clock);
        outbox.publish(created("hosp-a"));
        await(() -> webhooks().deliveries(TANAKA, hook.webhook().id()).get(0).attempts() >= 1);
        assertTrue(webhooks().deliveries(TANAKA, hook.webhook().id()).get(0).lastError().startsWith("connection refused"),
                () -> webhooks().deliveries(TANAKA, hook.webhook().id()).toString());
        outbox.close();
        assertTrue(Files.readString(state.resolve("webhook-deliveries.json")).contains("\"PENDING\""));

        // A restart: everything is read again from the state folder.
        openState();
        receiver = new Receiver(n -> 200);
        webhookStore.update(hook.webhook().id(), w -> new dev.hoshu.broker.state.Webhook(w.id(),
                w.hospital(), receiver.url(), w.events(), w.secret(), w.createdBy(), w.createdAt(), null, null));
        outbox = new WebhookOutbox(webhookStore, outboxStore, patient, clock);

        await(() -> webhooks().deliveries(TANAKA, hook.webhook().id()).get(0).status().equals("delivered"));
        assertEquals(1, receiver.received.size());
    }

    @Test
    void registrationIsForHospitalAdminsOfTheirOwnHospitalAndAudited() {
        Webhooks webhooks = webhooks();
        RegisteredWebhook hook = webhooks.register(TANAKA, new NewWebhook("http://127.0.0.1:1/hook?token=abc",
                List.of("request.created", "request.created")));
        assertEquals(List.of("request.created"), hook.webhook().events());
        assertTrue(hook.secret().matches("whsec_[a-z2-7]{32}"), hook.secret());
        AuditEvent created = audit.single();
        assertEquals("webhook.create", created.action());
        assertEquals("hosp-a", created.hospital());
        assertEquals("http://127.0.0.1:1/hook", created.details().get("url"), "no query string in the audit log");
        assertTrue(audit.events().stream().noneMatch(e -> e.toString().contains(hook.secret())));

        assertEquals("unknown webhook " + hook.webhook().id(), assertThrows(RefusedException.class,
                () -> webhooks.remove(KATO, hook.webhook().id())).getMessage());
        assertEquals(RefusedException.Status.NOT_FOUND, assertThrows(RefusedException.class,
                () -> webhooks.deliveries(KATO, hook.webhook().id())).status());
        assertEquals(List.of(), webhooks.webhooks(KATO));
        assertEquals("denied: registering a webhook needs the hospital-admin role", assertThrows(RefusedException.class,
                () -> webhooks.register(SUZUKI, new NewWebhook("https://x.example/", List.of()))).getMessage());
        assertEquals("refused: unknown event 'request.*'; events are request.created, request.approved,"
                + " request.denied, request.expired, grant.revoked, emergency.opened, session.killed, lock.created,"
                + " lock.removed, session.stopped, device.switched-off, device.switched-on, report.issued", assertThrows(
                RefusedException.class, () -> webhooks.register(TANAKA, new NewWebhook("https://x.example/",
                        List.of("request.*")))).getMessage());
        List<AuditEvent> refusals = audit.events().stream().filter(e -> e.outcome() == AuditEvent.Outcome.REFUSED).toList();
        assertEquals(List.of("webhook.delete", "webhook.create", "webhook.create"),
                refusals.stream().map(AuditEvent::action).toList());

        webhooks.remove(TANAKA, hook.webhook().id());
        assertEquals(List.of(), webhooks.webhooks(TANAKA));
        assertEquals(RefusedException.Status.CONFLICT, assertThrows(RefusedException.class,
                () -> webhooks.remove(TANAKA, hook.webhook().id())).status());
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
