package dev.hoshu.api;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A scraper outside {@code hoshu.metrics.scrape-from} is turned away like any caller without a token. */
@SpringBootTest(classes = TestApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "hoshu.metrics.scrape-from=10.9.0.0/16",
                "management.endpoints.web.exposure.include=health,prometheus"})
@AutoConfigureWebTestClient
class MetricsScrapeTest {

    @Autowired
    WebTestClient client;

    @Test
    void metricsAreRefusedToAnAddressOutsideTheScrapersNetworks() {
        client.get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
        client.get().uri("/actuator/health").exchange().expectStatus().isOk();
    }
}
