package dev.hoshu.broker.notify;

import dev.hoshu.api.WebhooksController;
import dev.hoshu.broker.HoshuProperties;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.state.RecordCollections;
import dev.hoshu.broker.state.WebhookOutboxStore;
import dev.hoshu.broker.state.WebhookStore;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Access notices go to the hospitals' webhook subscriptions through a persisted outbox. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookSettings.class)
@Import(WebhooksController.class)
public class WebhookConfiguration {

    @Bean
    WebhookStore webhookStore(RecordCollections collections) {
        return new WebhookStore(collections);
    }

    @Bean
    WebhookOutboxStore webhookOutboxStore(HoshuProperties hoshu) {
        return new WebhookOutboxStore(hoshu.dataDir().resolve("state"));
    }

    @Bean(destroyMethod = "close")
    WebhookOutbox accessNotifier(WebhookStore webhooks, WebhookOutboxStore outbox, WebhookSettings settings,
                                 Clock clock) {
        return new WebhookOutbox(webhooks, outbox, settings, clock);
    }

    @Bean
    Webhooks webhookService(WebhookStore webhooks, WebhookOutboxStore outbox, WebhookSettings settings,
                            AuditTrail audit, Clock clock) {
        return new Webhooks(webhooks, outbox, settings, audit, clock);
    }
}
