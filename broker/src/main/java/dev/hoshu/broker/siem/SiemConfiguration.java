package dev.hoshu.broker.siem;

import dev.hoshu.broker.HoshuProperties;
import dev.hoshu.broker.audit.AuditLogDirectory;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The audit export to a SIEM, when {@code hoshu.audit.siem.host} is set; its position lives in {@code data/audit-export}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SiemSettings.class)
public class SiemConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "hoshu.audit.siem", name = "host")
    SiemForwarder siemForwarder(SiemSettings settings, AuditLogDirectory directory, HoshuProperties hoshu, Clock clock) {
        return SiemForwarder.start(settings, directory, hoshu.dataDir().resolve("audit-export"), clock);
    }
}
