package dev.hoshu.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoshu.api.service.AuditQuery;
import dev.hoshu.api.service.RefusedException;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(classes = TestApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "server.address=127.0.0.1")
@AutoConfigureWebTestClient
class AuditControllerTest {

    @Autowired
    WebTestClient client;

    @Autowired
    FakeAuditService audit;

    @BeforeEach
    void reset() {
        audit.lastQuery.set(null);
        audit.failNext.set(null);
    }

    private WebTestClient.ResponseSpec get(String user, String path) {
        return client.get().uri(path).headers(h -> h.setBearerAuth(ApiClient.tokenFor(client, user))).exchange();
    }

    @Test
    void theListIsAJsonArrayOfEventsAndTheFiltersReachTheService() {
        get("suzuki", "/api/v1/audit?since=2026-11-21T00:00:00Z&until=2026-11-22T00:00:00Z&action=request.&limit=5")
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[0].i").isEqualTo(1)
                .jsonPath("$[0].at").isEqualTo("2026-11-21T01:00:00Z")
                .jsonPath("$[0].outcome").isEqualTo("refused")
                .jsonPath("$[0].reason").isEqualTo("denied: you cannot approve your own request")
                .jsonPath("$[0].details").doesNotExist()
                .jsonPath("$[1].details.grant").isEqualTo("g-1");
        assertThat(audit.lastQuery.get()).isEqualTo(new AuditQuery(Instant.parse("2026-11-21T00:00:00Z"),
                Instant.parse("2026-11-22T00:00:00Z"), "request.", 5));
    }

    @Test
    void malformedFiltersAreOneLine400sAndTheServiceIsNotAsked() {
        get("suzuki", "/api/v1/audit?since=yesterday").expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").isEqualTo("bad request: since must be an ISO-8601 UTC time such as 2026-11-21T00:00:00Z");
        get("suzuki", "/api/v1/audit?action=../../etc").expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").isEqualTo("bad request: action must be a dotted lower-case prefix such as request.");
        get("suzuki", "/api/v1/audit?limit=99999999999").expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").isEqualTo("bad request: limit must be a number from 1 to 10000");
        get("suzuki", "/api/v1/audit?since=2026-11-22T00:00:00Z&until=2026-11-21T00:00:00Z").expectStatus()
                .isBadRequest();
        get("suzuki", "/api/v1/audit/export?format=csv").expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").isEqualTo("bad request: format must be jsonl or syslog");
        assertThat(audit.lastQuery.get()).isNull();
    }

    @Test
    void theExportIsJsonLinesOrRfc5424Syslog() {
        String jsonl = get("suzuki", "/api/v1/audit/export?format=jsonl").expectStatus().isOk()
                .expectHeader().contentType("application/jsonl;charset=UTF-8")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(jsonl.split("\n")).hasSize(2);
        assertThat(jsonl).startsWith("{\"i\":1,\"at\":\"2026-11-21T01:00:00Z\",\"node\":\"broker-1\","
                + "\"action\":\"request.approve\",\"actor\":\"sato\"");

        String syslog = get("suzuki", "/api/v1/audit/export?format=syslog").expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        Pattern line = Pattern.compile("<10[89]>1 2026-11-21T01:00:0[01]\\.000Z broker-1 hoshu - request\\.approve "
                + "\\[hoshu@32473 [^\\n]*\\] \uFEFF[^\\n]*");
        assertThat(syslog.split("\n")).hasSize(2).allMatch(l -> line.matcher(l).matches());
    }

    @Autowired
    RecordedRoleRefusals roleRefusals;

    @Test
    void theRoleGatesRefusalsAreReportedForTheAuditLogWithTheRoute() {
        roleRefusals.heard.clear();
        client.post().uri("/api/v1/requests/r-1/approve").headers(h -> h.setBearerAuth(ApiClient.tokenFor(client, "sato")))
                .exchange()
                .expectStatus().isForbidden()
                .expectBody().json("{\"error\":\"denied: approving needs the approver role\"}", true);
        assertThat(roleRefusals.heard).containsExactly(
                "sato POST /api/v1/requests/{id}/approve {id=r-1}: denied: approving needs the approver role");
    }

    @Test
    void refusalsKeepTheirStatusAndNoAuditLogIsA503() {
        audit.failNext.set(() -> RefusedException.forbidden("denied: reading the audit log needs the auditor,"
                + " hospital-admin or operator role"));
        get("sato", "/api/v1/audit").expectStatus().isForbidden();
        audit.failNext.set(() -> RefusedException.unavailable("refused: audit log unavailable: disk full"));
        get("suzuki", "/api/v1/audit/export").expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectBody().json("{\"error\":\"refused: audit log unavailable: disk full\"}", true);
    }
}
