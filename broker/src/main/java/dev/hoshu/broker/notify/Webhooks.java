package dev.hoshu.broker.notify;

import dev.hoshu.access.Actor;
import dev.hoshu.access.Names;
import dev.hoshu.api.service.DeliveryView;
import dev.hoshu.api.service.NewWebhook;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.RegisteredWebhook;
import dev.hoshu.api.service.WebhookService;
import dev.hoshu.api.service.WebhookView;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.AuditedCall;
import dev.hoshu.broker.state.Ids;
import dev.hoshu.broker.state.Webhook;
import dev.hoshu.broker.state.WebhookDelivery;
import dev.hoshu.broker.state.WebhookOutboxStore;
import dev.hoshu.broker.state.WebhookStore;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hospital admin's webhook subscriptions, for their own hospital only: another hospital's subscription answers
 * like an unknown one. Registering and removing are audited; the secret is shown once and never logged.
 */
public final class Webhooks implements WebhookService {

    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);
    /** Enough for a hospital's integrations; more would mostly multiply deliveries. */
    static final int MAX_PER_HOSPITAL = 20;
    static final int MAX_DELIVERIES_SHOWN = 100;

    private final WebhookStore store;
    private final WebhookOutboxStore outbox;
    private final boolean allowPlainHttp;
    private final AuditedCall audit;
    private final Clock clock;

    public Webhooks(WebhookStore store, WebhookOutboxStore outbox, WebhookSettings settings, AuditTrail audit,
                    Clock clock) {
        this.store = store;
        this.outbox = outbox;
        this.allowPlainHttp = settings.allowPlainHttp();
        this.audit = new AuditedCall(audit);
        this.clock = clock;
    }

    @Override
    public RegisteredWebhook register(Actor actor, NewWebhook asked) {
        return audit.run("webhook.create", actor, act -> {
            String hospital = actor.organisation();
            act.about(hospital, null);
            requireAdmin(actor, "registering a webhook");
            if (asked == null) {
                throw RefusedException.badRequest("refused: no webhook given");
            }
            URI url = WebhookUrls.checked(asked.url(), allowPlainHttp);
            act.detail("url", withoutQuery(url));
            List<String> events = WebhookEvents.checked(asked.events());
            long standing = store.all().stream().filter(w -> w.active() && w.hospital().equals(hospital)).count();
            if (standing >= MAX_PER_HOSPITAL) {
                throw RefusedException.conflict("refused: " + hospital + " already has " + MAX_PER_HOSPITAL
                        + " webhooks; remove one first");
            }
            Webhook webhook = new Webhook(Ids.next("w-"), hospital, url.toString(), events, "whsec_" + Ids.random(32),
                    actor.subject(), now(), null, null);
            act.about(hospital, webhook.id())
                    .detail("events", events.isEmpty() ? "all" : String.join(",", events)).allow();
            store.insert(webhook);
            log.info("webhook {} of {} registered by {}: {} {}", webhook.id(), hospital, actor.subject(),
                    withoutQuery(url), events.isEmpty() ? "all events" : events);
            return new RegisteredWebhook(view(webhook), webhook.secret());
        });
    }

    @Override
    public List<WebhookView> webhooks(Actor actor) {
        requireAdmin(actor, "listing webhooks");
        return store.all().stream()
                .filter(w -> w.active() && w.hospital().equals(actor.organisation()))
                .sorted(Comparator.comparing(Webhook::createdAt))
                .map(Webhooks::view)
                .toList();
    }

    @Override
    public WebhookView remove(Actor actor, String webhookId) {
        return audit.run("webhook.delete", actor, act -> {
            act.about(actor.organisation(), Names.printable(webhookId));
            requireAdmin(actor, "removing a webhook");
            Webhook webhook = own(actor, webhookId);
            Instant at = now();
            act.detail("url", withoutQuery(URI.create(webhook.url()))).allow();
            Webhook removed = store.update(webhook.id(), current -> {
                if (!current.active()) {
                    throw RefusedException.conflict("refused: webhook " + current.id() + " was already removed by "
                            + current.removedBy());
                }
                return current.removed(at, actor.subject());
            }).orElseThrow();
            outbox.all().stream()
                    .filter(d -> d.webhookId().equals(webhook.id()) && d.status() == WebhookDelivery.Status.PENDING)
                    .forEach(d -> outbox.update(d.id(), pending -> pending.status() == WebhookDelivery.Status.PENDING
                            ? pending.cancelled("subscription removed") : pending));
            log.info("webhook {} of {} removed by {}", webhook.id(), webhook.hospital(), actor.subject());
            return view(removed);
        });
    }

    @Override
    public List<DeliveryView> deliveries(Actor actor, String webhookId) {
        requireAdmin(actor, "listing webhook deliveries");
        Webhook webhook = own(actor, webhookId);
        return outbox.all().stream()
                .filter(d -> d.webhookId().equals(webhook.id()))
                .sorted(Comparator.comparing(WebhookDelivery::createdAt).reversed())
                .limit(MAX_DELIVERIES_SHOWN)
                .map(d -> new DeliveryView(d.id(), d.webhookId(), d.event(), d.status().label(), d.attempts(),
                        d.lastStatus(), d.lastError(), d.createdAt(), d.lastAttemptAt(), d.nextAttemptAt(),
                        d.deliveredAt()))
                .toList();
    }

    /** The actor's hospital's subscription; anyone else's is as unknown as a made-up id. */
    private Webhook own(Actor actor, String webhookId) {
        return store.find(webhookId)
                .filter(w -> w.hospital().equals(actor.organisation()))
                .orElseThrow(() -> RefusedException.notFound("unknown webhook " + Names.printable(webhookId)));
    }

    private static void requireAdmin(Actor actor, String action) {
        if (!actor.hasRole("hospital-admin")) {
            throw RefusedException.forbidden("denied: " + action + " needs the hospital-admin role");
        }
    }

    /** A query string may carry a receiver's own token; the audit log and broker log keep the address without it. */
    static String withoutQuery(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority() + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    private static WebhookView view(Webhook webhook) {
        return new WebhookView(webhook.id(), webhook.hospital(), webhook.url(), webhook.events(), webhook.createdBy(),
                webhook.createdAt(), webhook.removedAt(), webhook.removedBy());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
