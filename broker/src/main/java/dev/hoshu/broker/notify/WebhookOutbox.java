package dev.hoshu.broker.notify;

import dev.hoshu.broker.state.Ids;
import dev.hoshu.broker.state.Webhook;
import dev.hoshu.broker.state.WebhookDelivery;
import dev.hoshu.broker.state.WebhookOutboxStore;
import dev.hoshu.broker.state.WebhookStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Access notices and cuts to webhook receivers. Publishing only writes one outbox entry per interested subscription of the
 * notice's hospital (so a restart loses nothing) and never throws; a scheduler posts due entries on a few threads
 * of its own, then retries failures with backoff until delivered or given up.
 */
public final class WebhookOutbox implements AccessNotifier, CutNotifier, ReportNotifier, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookOutbox.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int SENDERS = 4;

    private final WebhookStore webhooks;
    private final WebhookOutboxStore outbox;
    private final WebhookPost post;
    private final Backoff backoff;
    private final Duration keepFinished;
    private final Clock clock;
    private final DoubleSupplier random;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            runnable -> daemon(runnable, "webhook-outbox"));
    private final ExecutorService senders = Executors.newFixedThreadPool(SENDERS,
            runnable -> daemon(runnable, "webhook-sender"));
    private volatile Instant lastPrune = Instant.EPOCH;

    public WebhookOutbox(WebhookStore webhooks, WebhookOutboxStore outbox, WebhookSettings settings, Clock clock) {
        this(webhooks, outbox, settings, clock, () -> ThreadLocalRandom.current().nextDouble());
    }

    WebhookOutbox(WebhookStore webhooks, WebhookOutboxStore outbox, WebhookSettings settings, Clock clock,
                  DoubleSupplier random) {
        this.webhooks = webhooks;
        this.outbox = outbox;
        this.post = new WebhookPost(settings);
        this.backoff = settings.backoff();
        this.keepFinished = settings.keepFinished();
        this.clock = clock;
        this.random = random;
        long poll = settings.pollInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::dispatchDue, poll, poll, TimeUnit.MILLISECONDS);
    }

    @Override
    public void publish(AccessNotice notice) {
        queue(notice.event(), notice.hospital(), (deliveryId, webhook) -> accessPayload(deliveryId, webhook, notice),
                notice.requestId());
    }

    @Override
    public void publish(CutNotice notice) {
        queue(notice.event(), notice.hospital(), (deliveryId, webhook) -> cutPayload(deliveryId, webhook, notice),
                notice.target() == null ? notice.lockId() : notice.target().kind() + " " + notice.target().value());
    }

    @Override
    public void publish(ReportNotice notice) {
        queue("report.issued", notice.hospital(), (deliveryId, webhook) -> reportPayload(deliveryId, webhook, notice),
                notice.workOrder());
    }

    private interface Payload {
        String of(String deliveryId, Webhook webhook);
    }

    private void queue(String event, String hospital, Payload payload, String about) {
        try {
            Instant now = now();
            boolean any = false;
            for (Webhook webhook : webhooks.all()) {
                if (webhook.hospital().equals(hospital) && webhook.wants(event)) {
                    String id = Ids.next("d-");
                    outbox.insert(WebhookDelivery.pending(id, webhook.id(), webhook.hospital(), event,
                            payload.of(id, webhook), now));
                    any = true;
                }
            }
            if (any) {
                scheduler.execute(this::dispatchDue);
            }
        } catch (RuntimeException e) {
            // The act has happened; its notice is lost, loudly. The audit log still holds the act itself.
            log.error("notice {} of {} {} not queued for webhooks: {}", event, hospital, about, e.toString());
        }
    }

    /** Receivers see the notice's fields, the delivery id to drop duplicates by, and the subscription. */
    private static String accessPayload(String deliveryId, Webhook webhook, AccessNotice notice) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deliveryId", deliveryId);
        body.put("webhook", webhook.id());
        body.put("event", notice.event());
        body.put("hospital", notice.hospital());
        body.put("requestId", notice.requestId());
        body.put("grantId", notice.grantId());
        body.put("engineer", notice.engineer());
        body.put("device", notice.device());
        body.put("category", notice.category());
        body.put("actor", notice.actor());
        body.put("reason", notice.reason());
        body.put("at", notice.at() == null ? null : notice.at().toString());
        return JSON.writeValueAsString(body);
    }

    /** A cut names who, what, why and when, and the sessions it ended, so a receiver can page the right people. */
    private static String cutPayload(String deliveryId, Webhook webhook, CutNotice notice) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deliveryId", deliveryId);
        body.put("webhook", webhook.id());
        body.put("event", notice.event());
        body.put("hospital", notice.hospital());
        body.put("actor", notice.actor());
        if (notice.target() != null) {
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("kind", notice.target().kind());
            target.put("value", notice.target().value());
            body.put("target", target);
        } else {
            body.put("target", null);
        }
        body.put("lockId", notice.lockId());
        body.put("reason", notice.reason());
        body.put("sessions", notice.sessions());
        body.put("grants", notice.grants());
        if (notice.processes() != null) {
            body.put("processes", notice.processes());
        }
        body.put("at", notice.at() == null ? null : notice.at().toString());
        return JSON.writeValueAsString(body);
    }

    /** The report travels as the exact text that was signed, with its signature, so it verifies on arrival. */
    private static String reportPayload(String deliveryId, Webhook webhook, ReportNotice notice) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deliveryId", deliveryId);
        body.put("webhook", webhook.id());
        body.put("event", "report.issued");
        body.put("hospital", notice.hospital());
        body.put("workOrder", notice.workOrder());
        body.put("device", notice.device());
        body.put("engineer", notice.engineer());
        body.put("closedBy", notice.closedBy());
        body.put("at", notice.at() == null ? null : notice.at().toString());
        body.put("keyId", notice.keyId());
        body.put("report", notice.report());
        body.put("signature", notice.signature());
        return JSON.writeValueAsString(body);
    }

    /** Hands every due delivery not already being posted to a sender. */
    void dispatchDue() {
        try {
            Instant now = now();
            for (WebhookDelivery delivery : outbox.all()) {
                if (delivery.dueAt(now) && inFlight.add(delivery.id())) {
                    senders.execute(() -> {
                        try {
                            attempt(delivery.id());
                        } finally {
                            inFlight.remove(delivery.id());
                        }
                    });
                }
            }
            pruneNowAndThen(now);
        } catch (RuntimeException e) {
            log.error("webhook outbox: {}", e.toString());
        }
    }

    private void attempt(String deliveryId) {
        try {
            Optional<WebhookDelivery> found = outbox.find(deliveryId);
            if (found.isEmpty() || !found.get().dueAt(now())) {
                return;
            }
            WebhookDelivery delivery = found.get();
            Optional<Webhook> webhook = webhooks.find(delivery.webhookId()).filter(Webhook::active);
            if (webhook.isEmpty()) {
                outbox.update(delivery.id(), d -> d.cancelled("subscription removed"));
                return;
            }
            WebhookPost.Outcome outcome = post.post(URI.create(webhook.get().url()), delivery.id(), delivery.event(),
                    webhook.get().secret(), delivery.body().getBytes(StandardCharsets.UTF_8), clock.instant());
            Instant at = now();
            if (outcome.delivered()) {
                outbox.update(delivery.id(), d -> d.delivered(at, outcome.status()));
                log.info("webhook {} delivery {} ({}) delivered: HTTP {}", delivery.webhookId(), delivery.id(),
                        delivery.event(), outcome.status());
                return;
            }
            Duration wait = backoff.after(delivery.attempts() + 1, random);
            Instant next = wait == null ? null : at.plus(wait);
            outbox.update(delivery.id(), d -> d.failed(at, outcome.status(), outcome.error(), next));
            if (next == null) {
                log.warn("webhook {} delivery {} ({}) given up after {} attempts: {}", delivery.webhookId(),
                        delivery.id(), delivery.event(), delivery.attempts() + 1, outcome.error());
            } else {
                log.info("webhook {} delivery {} ({}) attempt {} failed: {}; next at {}", delivery.webhookId(),
                        delivery.id(), delivery.event(), delivery.attempts() + 1, outcome.error(), next);
            }
        } catch (RuntimeException e) {
            // The entry stays pending and due: the next poll tries it again.
            log.error("webhook delivery {} could not be attempted: {}", deliveryId, e.toString());
        }
    }

    private void pruneNowAndThen(Instant now) {
        if (Duration.between(lastPrune, now).compareTo(Duration.ofHours(1)) >= 0) {
            lastPrune = now;
            outbox.dropFinishedBefore(now.minus(keepFinished));
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        senders.shutdownNow();
    }
}
