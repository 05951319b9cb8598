package dev.hoshu.broker.siem;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hoshu.audit.siem.*}: where the audit log goes. Nothing is shipped while {@code host} is unset.
 *
 * @param host              the SIEM's syslog-over-TLS host name (or IP literal) its certificate must name
 * @param port              its port, 6514 by default (RFC 5425)
 * @param caFile            PEM file of the CA(s) the SIEM's certificate must chain to; the only ones trusted
 * @param clientCertificate PEM certificate chain the broker shows when the SIEM asks for one (optional)
 * @param clientKey         PKCS#8 PEM private key of {@code clientCertificate}
 * @param settle            how long a sent event must stay on a live connection before it counts as received
 * @param retryCap          the longest wait between two connection attempts
 */
@ConfigurationProperties("hoshu.audit.siem")
public record SiemSettings(String host, Integer port, Path caFile, Path clientCertificate, Path clientKey,
                           Duration settle, Duration retryCap) {

    public SiemSettings {
        host = host == null || host.isBlank() ? null : host.strip();
        port = port == null ? 6514 : port;
        settle = settle == null ? Duration.ofMillis(500) : settle;
        retryCap = retryCap == null ? Duration.ofMinutes(1) : retryCap;
        if (host != null) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("hoshu.audit.siem.port must be from 1 to 65535, not " + port);
            }
            if (caFile == null) {
                throw new IllegalArgumentException("hoshu.audit.siem.ca-file is required: the SIEM's certificate is"
                        + " checked against it and nothing else");
            }
            if ((clientCertificate == null) != (clientKey == null)) {
                throw new IllegalArgumentException("hoshu.audit.siem.client-certificate and client-key go together");
            }
            if (settle.isNegative() || settle.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("hoshu.audit.siem.settle must be from 0 to 1m, not " + settle);
            }
            if (retryCap.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("hoshu.audit.siem.retry-cap must be at least 1s, not " + retryCap);
            }
        }
    }

    public boolean enabled() {
        return host != null;
    }
}
