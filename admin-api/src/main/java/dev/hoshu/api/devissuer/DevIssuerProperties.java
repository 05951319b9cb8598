package dev.hoshu.api.devissuer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hoshu.dev-issuer.*}: the issuer URL put in {@code iss}, the demo users, how long tokens live, and an
 * optional key file that keeps the signing key across restarts (otherwise a fresh key per run, in memory).
 */
@ConfigurationProperties("hoshu.dev-issuer")
public record DevIssuerProperties(boolean enabled, String issuer, Path keyFile, Duration tokenLifetime,
                                  List<DemoUser> users) {

    public DevIssuerProperties {
        issuer = issuer == null || issuer.isBlank() ? "http://127.0.0.1:8080/dev-issuer" : stripSlash(issuer);
        tokenLifetime = tokenLifetime == null ? Duration.ofHours(1) : tokenLifetime;
        users = users == null ? List.of() : List.copyOf(users);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
