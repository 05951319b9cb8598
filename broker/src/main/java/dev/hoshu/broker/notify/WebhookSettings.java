package dev.hoshu.broker.notify;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Webhook delivery settings ({@code hoshu.webhooks.*}).
 *
 * @param allowPlainHttp  accept {@code http://} receivers (quickstart and tests on loopback); https otherwise
 * @param maxAttempts     attempts per delivery before it is given up
 * @param initialBackoff  the wait after the first failed attempt; it doubles after each further one
 * @param maxBackoff      the longest wait between attempts
 * @param connectTimeout  for connecting to a receiver
 * @param readTimeout     for the receiver's answer, from sending the request
 * @param pollInterval    how often the outbox is looked at for deliveries that are due
 * @param keepFinished    how long delivered and failed deliveries stay visible
 */
@ConfigurationProperties("hoshu.webhooks")
public record WebhookSettings(boolean allowPlainHttp, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                              Duration connectTimeout, Duration readTimeout, Duration pollInterval,
                              Duration keepFinished) {

    public WebhookSettings {
        maxAttempts = maxAttempts <= 0 ? 8 : maxAttempts;
        initialBackoff = positiveOr(initialBackoff, Duration.ofSeconds(10));
        maxBackoff = positiveOr(maxBackoff, Duration.ofHours(1));
        connectTimeout = positiveOr(connectTimeout, Duration.ofSeconds(5));
        readTimeout = positiveOr(readTimeout, Duration.ofSeconds(10));
        pollInterval = positiveOr(pollInterval, Duration.ofSeconds(1));
        keepFinished = positiveOr(keepFinished, Duration.ofDays(7));
    }

    public static WebhookSettings defaults() {
        return new WebhookSettings(false, 0, null, null, null, null, null, null);
    }

    public Backoff backoff() {
        return new Backoff(initialBackoff, maxBackoff, maxAttempts);
    }

    private static Duration positiveOr(Duration value, Duration otherwise) {
        return value == null || value.isZero() || value.isNegative() ? otherwise : value;
    }
}
