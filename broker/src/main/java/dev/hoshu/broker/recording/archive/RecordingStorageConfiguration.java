package dev.hoshu.broker.recording.archive;

import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.recording.RecordingStore;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The recording stores from {@code hoshu.recordings.*} ({@link RecordingStorageSettings}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RecordingStorageSettings.class)
public class RecordingStorageConfiguration {

    @Bean(destroyMethod = "close")
    RecordingStorage recordingStorage(RecordingStorageSettings settings, RecordingStore live, AuditTrail audit,
                                      Clock clock) {
        return RecordingStorage.start(settings, live, audit, clock);
    }

    @Bean
    RecordingLibrary recordingLibrary(RecordingStorage storage) {
        return storage.library();
    }
}
