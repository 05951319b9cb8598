package dev.hoshu.broker;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The timing of live sessions ({@code hoshu.*}, beside {@link HoshuProperties}).
 *
 * @param grantEndWarning how long before its grant's end a session is warned (5 minutes; {@code 0s} turns it off)
 * @param observerWait    how long a session whose grant requires a hospital observer waits for one, before it
 *                        starts or while paused, before it ends (10 minutes)
 */
@ConfigurationProperties("hoshu")
public record SessionProperties(Duration grantEndWarning, Duration observerWait) {

    public SessionProperties {
        grantEndWarning = grantEndWarning == null ? Duration.ofMinutes(5) : grantEndWarning;
        observerWait = observerWait == null ? Duration.ofMinutes(10) : observerWait;
    }
}
