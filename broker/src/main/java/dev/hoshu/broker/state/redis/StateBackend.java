package dev.hoshu.broker.state.redis;

import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which store holds the shared state ({@code hoshu.state.backend}): {@code file}, the JSON files under the data dir
 * that one node owns (the quick start's default), or {@code redis}, shared by every node of a fleet.
 */
@ConfigurationProperties("hoshu.state")
public record StateBackend(String backend) {

    public StateBackend {
        backend = backend == null || backend.isBlank() ? "file" : backend.strip().toLowerCase(Locale.ROOT);
        if (!backend.equals("file") && !backend.equals("redis")) {
            throw new IllegalArgumentException("hoshu.state.backend must be file or redis, not " + backend);
        }
    }
}
