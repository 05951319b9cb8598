package dev.hoshu.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoshu.api.service.LockTarget;
import dev.hoshu.api.service.NewLock;
import dev.hoshu.api.service.RefusedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(classes = TestApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "server.address=127.0.0.1")
@AutoConfigureWebTestClient
class LocksControllerTest {

    @Autowired
    WebTestClient client;

    @Autowired
    FakeServices services;

    @BeforeEach
    void reset() {
        services.reset();
    }

    private WebTestClient.RequestHeadersSpec<?> send(String method, String user, String path, String json) {
        WebTestClient.RequestBodySpec request = client.method(org.springframework.http.HttpMethod.valueOf(method))
                .uri(path).headers(h -> h.setBearerAuth(ApiClient.tokenFor(client, user)));
        return json == null ? request : request.contentType(MediaType.APPLICATION_JSON).bodyValue(json);
    }

    @Test
    void anApproverLocksADeviceAnd201NamesTheSessionsItEnded() {
        send("POST", "tanaka", "/api/v1/locks", """
                {"target":{"kind":"device","value":"CT-01"},"reason":"scanner needed","minutes":30}""")
                .exchange()
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.id").isEqualTo("l-abcdefghij")
                .jsonPath("$.target.kind").isEqualTo("device")
                .jsonPath("$.endedSessions[0]").isEqualTo("s-1");
        assertThat(services.lastArgument.get())
                .isEqualTo(new NewLock(new LockTarget("device", "CT-01"), "scanner needed", 30));
        assertThat(services.lastActor.get().subject()).isEqualTo("tanaka");
    }

    @Test
    void listingAndUnlockingPassTheReason() {
        send("GET", "suzuki", "/api/v1/locks", null).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].target.value").isEqualTo("CT-01");
        send("DELETE", "tanaka", "/api/v1/locks/l-abcdefghij", "{\"reason\":\"patient done\"}")
                .exchange().expectStatus().isOk();
        assertThat(services.lastArgument.get()).isEqualTo("patient done");
    }

    @Test
    void engineersAndAuditorsCannotLockOrUnlock() {
        send("POST", "sato", "/api/v1/locks", "{\"target\":{\"kind\":\"hospital\"},\"reason\":\"x\"}")
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.error").isEqualTo("denied: locking needs one of the roles approver, hospital-admin");
        send("DELETE", "suzuki", "/api/v1/locks/l-abcdefghij", "{\"reason\":\"x\"}")
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.error")
                .isEqualTo("denied: unlocking needs one of the roles approver, hospital-admin");
        assertThat(services.lastActor.get()).isNull();
    }

    @Test
    void malformedBodiesAndServiceRefusalsAreOneLine() {
        send("POST", "tanaka", "/api/v1/locks", "{\"target\":")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("bad request: the body is not the expected JSON");
        services.failNext.set(() -> RefusedException.forbidden("denied: device CT-09 is not a device of hosp-a"));
        send("POST", "tanaka", "/api/v1/locks", "{\"target\":{\"kind\":\"device\",\"value\":\"CT-09\"},\"reason\":\"x\"}")
                .exchange().expectStatus().isForbidden()
                .expectBody().json("{\"error\":\"denied: device CT-09 is not a device of hosp-a\"}", true);
    }

    @Test
    void aSessionShowsWhenTheDeviceConfirmedTheStop() {
        send("GET", "tanaka", "/api/v1/sessions/s-1", null).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.state").isEqualTo("killed")
                .jsonPath("$.killedAt").isEqualTo("2026-11-21T01:01:00Z")
                .jsonPath("$.deviceStoppedAt").isEqualTo("2026-11-21T01:01:00.040Z")
                .jsonPath("$.stoppedProcesses").isEqualTo(2);
    }
}
