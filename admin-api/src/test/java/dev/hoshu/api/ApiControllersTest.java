package dev.hoshu.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoshu.access.Category;
import dev.hoshu.api.service.NewRequest;
import dev.hoshu.api.service.RefusedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(classes = TestApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "server.address=127.0.0.1")
@AutoConfigureWebTestClient
class ApiControllersTest {

    @Autowired
    WebTestClient client;

    @Autowired
    FakeServices services;

    @BeforeEach
    void reset() {
        services.reset();
    }

    private WebTestClient.RequestHeadersSpec<?> post(String user, String path, String json) {
        return client.post().uri(path).headers(h -> h.setBearerAuth(ApiClient.tokenFor(client, user)))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(json);
    }

    private WebTestClient.RequestHeadersSpec<?> get(String user, String path) {
        return client.get().uri(path).headers(h -> h.setBearerAuth(ApiClient.tokenFor(client, user)));
    }

    @Test
    void engineerCreatesARequestAndTheActorComesFromTheToken() {
        post("sato", "/api/v1/requests", """
                {"device":"CT-01","category":"MONITOR","tools":["status"],"reason":"error E-12","durationMinutes":30}""")
                .exchange()
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.id").isEqualTo("r-abcdefghij")
                .jsonPath("$.status").isEqualTo("PENDING")
                .jsonPath("$.createdAt").isEqualTo("2026-11-21T01:00:00Z");
        assertThat(services.lastActor.get().subject()).isEqualTo("sato");
        assertThat(services.lastActor.get().organisation()).isEqualTo("medserve");
        assertThat(services.lastActor.get().displayName()).isEqualTo("佐藤 健");
        assertThat(services.lastArgument.get())
                .isEqualTo(new NewRequest("CT-01", Category.MONITOR, List.of("status"), "error E-12", 30));
    }

    @Test
    void missingRoleIsOneLine403AndTheServiceIsNotCalled() {
        post("suzuki", "/api/v1/requests/r-abcdefghij/approve", "{}")
                .exchange()
                .expectStatus().isForbidden()
                .expectBody().json("{\"error\":\"denied: approving needs the approver role\"}", true);
        assertThat(services.lastActor.get()).isNull();
        post("tanaka", "/api/v1/requests", "{\"device\":\"CT-01\"}")
                .exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.error").isEqualTo("denied: requesting access needs the engineer role");
        post("nobody", "/api/v1/devices/CT-01/join-tokens", "")
                .exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.error").isEqualTo("denied: creating a join token needs the hospital-admin role");
    }

    @Test
    void approveReturnsRequestAndGrant() {
        post("tanaka", "/api/v1/requests/r-abcdefghij/approve", "")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.request.status").isEqualTo("APPROVED")
                .jsonPath("$.request.grantId").isEqualTo("g-abcdefghij")
                .jsonPath("$.grant.id").isEqualTo("g-abcdefghij")
                .jsonPath("$.grant.approvers[0]").isEqualTo("tanaka")
                .jsonPath("$.grant.notAfter").isEqualTo("2026-11-21T01:30:00Z");
    }

    @Test
    void denyPassesTheReason() {
        post("tanaka", "/api/v1/requests/r-abcdefghij/deny", "{\"reason\":\"not today\"}")
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("DENIED").jsonPath("$.denyReason").isEqualTo("not today");
    }

    @Test
    void refusalsKeepTheirStatusAndOneLineMessage() {
        services.failNext.set(() -> RefusedException.notFound("unknown request r-zzzzzzzzzz"));
        post("tanaka", "/api/v1/requests/r-zzzzzzzzzz/approve", "")
                .exchange().expectStatus().isNotFound()
                .expectBody().json("{\"error\":\"unknown request r-zzzzzzzzzz\"}", true);
        services.failNext.set(() -> RefusedException.conflict("denied: request r-1 is already approved"));
        post("tanaka", "/api/v1/requests/r-1/approve", "")
                .exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.error").isEqualTo("denied: request r-1 is already approved");
        services.failNext.set(() -> RefusedException.badRequest("refused: line one\nline two"));
        post("sato", "/api/v1/grants/g-1/certificate", "{\"publicKey\":\"ssh-ed25519 AAAA\"}")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("refused: line one line two");
    }

    @Test
    void unexpectedFailureIs500WithoutDetails() {
        services.failNext.set(() -> new IllegalStateException("secret path /etc/shadow"));
        get("tanaka", "/api/v1/sessions")
                .exchange().expectStatus().is5xxServerError()
                .expectBody().json("{\"error\":\"internal error; see broker log\"}", true);
    }

    @Test
    void malformedAndHostileBodiesAre400OneLine() {
        for (String body : List.of("{not json", "{\"device\":\"CT-01\",\"category\":\"DESTROY\"}", "[1,2,3]",
                "{\"durationMinutes\":\"ten\"}")) {
            post("sato", "/api/v1/requests", body)
                    .exchange().expectStatus().isBadRequest()
                    .expectBody().json("{\"error\":\"bad request: the body is not the expected JSON\"}", true);
        }
        post("sato", "/api/v1/grants/g-1/certificate", "{}")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("refused: no publicKey given");
    }

    @Test
    void oversizeBodiesAreRefusedWithoutReachingTheService() {
        String huge = "{\"device\":\"CT-01\",\"reason\":\"" + "x".repeat(400_000) + "\"}";
        post("sato", "/api/v1/requests", huge)
                .exchange().expectStatus().is4xxClientError()
                .expectBody().jsonPath("$.error").exists();
        assertThat(services.lastActor.get()).isNull();
    }

    @Test
    void authenticatedCallersFindNothingOutsideTheApi() {
        get("tanaka", "/actuator/env").exchange().expectStatus().isNotFound()
                .expectBody().json("{\"error\":\"not found\"}", true);
    }

    @Test
    void certificateAnswerCarriesTheLineAndValidBefore() {
        post("sato", "/api/v1/grants/g-abcdefghij/certificate", "{\"publicKey\":\"ssh-ed25519 AAAAC3 me@laptop\"}")
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.certificate").isEqualTo("ecdsa-sha2-nistp256-cert-v01@openssh.com AAAA")
                .jsonPath("$.validBefore").isEqualTo("2026-11-21T01:30:00Z");
        assertThat(services.lastArgument.get()).isEqualTo("ssh-ed25519 AAAAC3 me@laptop");
    }

    @Test
    void sessionsAndKill() {
        get("suzuki", "/api/v1/sessions").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].id").isEqualTo("s-1").jsonPath("$[0].command").isEqualTo("status");
        post("tanaka", "/api/v1/sessions/s-1/kill", "{\"reason\":\"patient arriving\"}")
                .exchange().expectStatus().isAccepted()
                .expectBody().json("{\"id\":\"s-1\",\"killed\":true}", true);
        assertThat(services.lastArgument.get()).isEqualTo("patient arriving");
        post("suzuki", "/api/v1/sessions/s-1/kill", "{\"reason\":\"x\"}")
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.error")
                .isEqualTo("denied: killing a session needs one of the roles approver, hospital-admin");
    }

    @Test
    void liveViewIsJsonLinesAndItsRefusalsAreOneLine() {
        byte[] body = get("suzuki", "/api/v1/sessions/s-1/live").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("application/x-ndjson"))
                .expectBody().returnResult().getResponseBody();
        assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(
                "{\"k\":\"live\",\"session\":\"s-1\",\"observers\":[\"suzuki\"]}\n"
                        + "{\"i\":7,\"t\":120,\"k\":\"o\",\"d\":\"tube temp 41C\\n\"}\n");
        assertThat(services.lastActor.get().subject()).isEqualTo("suzuki");
        services.failNext.set(() -> RefusedException.forbidden(
                "denied: session s-1 runs on a device of hosp-a, not hosp-b"));
        get("tanaka", "/api/v1/sessions/s-1/live").exchange().expectStatus().isForbidden()
                .expectBody().json("{\"error\":\"denied: session s-1 runs on a device of hosp-a, not hosp-b\"}", true);
        services.failNext.set(() -> RefusedException.notFound("unknown session s-nope"));
        get("tanaka", "/api/v1/sessions/s-nope/live").exchange().expectStatus().isNotFound()
                .expectBody().json("{\"error\":\"unknown session s-nope\"}", true);
    }

    @Test
    void joinTokenIs201() {
        post("tanaka", "/api/v1/devices/CT-01/join-tokens", "")
                .exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.token").isEqualTo("hjt1.t.s.p").jsonPath("$.expiresAt").exists();
        assertThat(services.lastArgument.get()).isEqualTo("CT-01");
    }

    @Test
    void recordingIsServedAsJsonLinesToAuditors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s-1.jsonl");
        Files.writeString(file, "{\"v\":1}\n{\"i\":1}\n");
        services.recordingFile = file;
        byte[] body = get("suzuki", "/api/v1/recordings/s-1").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("application/jsonl"))
                .expectBody().returnResult().getResponseBody();
        assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"v\":1}\n{\"i\":1}\n");
        assertThat(services.lastArgument.get()).isEqualTo(dev.hoshu.api.service.RecordingUse.VIEW);
        get("suzuki", "/api/v1/recordings/s-1?purpose=export").exchange().expectStatus().isOk();
        assertThat(services.lastArgument.get()).isEqualTo(dev.hoshu.api.service.RecordingUse.EXPORT);
        get("suzuki", "/api/v1/recordings/s-1?purpose=steal").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("refused: purpose must be view or export");
        // Who may read is the service's decision (so refusals are audited); its refusal reaches the caller as is.
        services.failNext.set(() -> dev.hoshu.api.service.RefusedException.forbidden("denied: no"));
        get("sato", "/api/v1/recordings/s-1").exchange().expectStatus().isForbidden();
    }

    @Test
    void searchPassesTheCriteriaAndAnswersMetadata() {
        get("suzuki", "/api/v1/recordings?device=CT-01&engineer=sato&company=medserve&from=2026-11-21T00:00:00Z"
                + "&to=2026-11-22T00:00:00Z&command=status&exit=3&page=1&size=5").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$[0].session").isEqualTo("s-1").jsonPath("$[0].exit").isEqualTo(3)
                .jsonPath("$[0].sealed").isEqualTo(true).jsonPath("$[0].bytes").isEqualTo(1234);
        assertThat(services.lastArgument.get()).isEqualTo(new dev.hoshu.api.service.RecordingQuery("CT-01", "sato",
                "medserve", java.time.Instant.parse("2026-11-21T00:00:00Z"), java.time.Instant.parse("2026-11-22T00:00:00Z"),
                "status", 3, 1, 5));
    }

    @Test
    void searchRefusesBadCriteriaWithOneLine() {
        for (String[] bad : new String[][] {
                {"size=101", "refused: size must be between 1 and 100"},
                {"size=0", "refused: size must be between 1 and 100"},
                {"page=-1", "refused: page must be between 0 and 100000"},
                {"exit=zero", "refused: exit must be a whole number"},
                {"from=yesterday", "refused: from must be an ISO-8601 instant such as 2026-11-21T00:00:00Z"},
                {"from=2026-11-22T00:00:00Z&to=2026-11-21T00:00:00Z", "refused: the time range ends before it starts"}}) {
            get("suzuki", "/api/v1/recordings?" + bad[0]).exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.error").isEqualTo(bad[1]);
        }
    }

    @Test
    void sealKeysForAnyAuthenticatedUser() {
        get("nobody", "/api/v1/recordings/keys").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.keys[0].id").isEqualTo("sha256:abc")
                .jsonPath("$.keys[0].publicKey").value(v -> assertThat((String) v).startsWith("-----BEGIN PUBLIC KEY-----"))
                .jsonPath("$.keys[0].status").isEqualTo("current")
                .jsonPath("$.keys[0].since").isEqualTo("2026-11-21T01:00:00Z");
    }

    @Test
    void sealKeyRotationHandsTheReasonToTheServiceWhichDecidesWhoMay() {
        post("tanaka", "/api/v1/recordings/keys/rotate", "{\"reason\":\"yearly rotation\"}").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.keys[0].id").isEqualTo("sha256:abc");
        assertThat(services.lastActor.get().subject()).isEqualTo("tanaka");
        assertThat(services.lastArgument.get()).isEqualTo("yearly rotation");
    }

    @Test
    void hospitalStaffSeeTheDeviceLedger() {
        get("suzuki", "/api/v1/devices").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[0].id").isEqualTo("CT-01")
                .jsonPath("$[0].online").isEqualTo(true)
                .jsonPath("$[0].model").isEqualTo("Aquilion")
                .jsonPath("$[0].clockOffsetMs").isEqualTo(12)
                .jsonPath("$[0].clockOffsetWarning").isEqualTo(false)
                .jsonPath("$[0].certificateNotAfter").isEqualTo("2026-11-22T01:00:00Z");
        assertThat(services.lastActor.get().subject()).isEqualTo("suzuki");
    }

    @Test
    void anEngineerDoesNotSeeTheDeviceLedger() {
        get("sato", "/api/v1/devices").exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.error")
                .isEqualTo("denied: listing devices needs one of the roles hospital-admin, approver, auditor");
        assertThat(services.lastActor.get()).isNull();
    }

    @Test
    void decommissionPassesTheReasonAndLeavesTheRoleCheckToTheAuditedService() {
        post("sato", "/api/v1/devices/CT-01/decommission", "{\"reason\":\"scanner replaced\"}").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.id").isEqualTo("CT-01");

        assertThat(services.lastActor.get().subject()).isEqualTo("sato");
        assertThat(services.lastArgument.get()).isEqualTo("scanner replaced");
    }
}
