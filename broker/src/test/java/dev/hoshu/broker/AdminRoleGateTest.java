package dev.hoshu.broker;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

class AdminRoleGateTest {

    private static WebTestClient node(boolean adminRole) {
        return WebTestClient.bindToWebHandler(exchange -> {
            exchange.getResponse().setStatusCode(HttpStatus.OK);
            return Mono.empty();
        }).webFilter(new AdminRoleGate(adminRole)).build();
    }

    @Test
    void withoutTheAdminRoleTheApiAndIssuerAreNotServed() {
        for (String path : java.util.List.of("/api/v1/requests", "/dev-issuer/token")) {
            node(false).get().uri(path).exchange().expectStatus().isNotFound()
                    .expectBody().json("{\"error\":\"this broker node does not serve the admin API (hoshu.roles)\"}", true);
        }
        node(false).get().uri("/actuator/health").exchange().expectStatus().isOk();
    }

    @Test
    void withTheAdminRoleEverythingPasses() {
        node(true).get().uri("/api/v1/requests").exchange().expectStatus().isOk();
    }
}
