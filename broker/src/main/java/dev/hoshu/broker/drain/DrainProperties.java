package dev.hoshu.broker.drain;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hoshu.drain.*}.
 *
 * @param timeout how long live sessions may run on after shutdown began (0 s to 1 h; default 60 s)
 */
@ConfigurationProperties("hoshu.drain")
public record DrainProperties(Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public DrainProperties {
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("hoshu.drain.timeout must be from 0s to 1h, not " + timeout);
        }
    }
}
