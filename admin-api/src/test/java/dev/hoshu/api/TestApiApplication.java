package dev.hoshu.api;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** The API alone, with fake services in place of the broker. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({AdminApiConfiguration.class, FakeServices.class, FakeAuditService.class, RecordedRoleRefusals.class,
        FakeCaRotation.class})
public class TestApiApplication {
}
