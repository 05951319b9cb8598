package dev.hoshu.broker.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.hoshu.api.devissuer.DevTokens;
import dev.hoshu.broker.BrokerApplication;
import dev.hoshu.broker.BrokerListeners;
import dev.hoshu.tunnel.enroll.EnrollmentClient;
import dev.hoshu.tunnel.enroll.EnrollmentRequest;
import dev.hoshu.tunnel.enroll.JoinToken;
import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.pki.PemFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The access rules through the real HTTP API with real RS256 tokens: signed with the broker's trusted issuer key for
 * the cast, and with a key of the test's own for a forgery. Each refusal is checked for its one line and its audit
 * event. The broker runs on the quickstart's bootstrap (hosp-a's policy: REPAIR needs two approvers).
 */
@SpringBootTest(classes = BrokerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("quickstart")
@AutoConfigureWebTestClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Import(AccessPolicyApiTest.MovableClock.class)
class AccessPolicyApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> MFA = List.of("pwd", "otp");
    private static final TestClock CLOCK = new TestClock(Instant.now());

    @TempDir
    static Path data;

    @TestConfiguration
    static class MovableClock {
        @Bean
        @Primary
        TestClock movableClock() {
            return CLOCK;
        }
    }

    @Autowired
    WebTestClient client;

    @Autowired
    BrokerListeners listeners;

    @Autowired
    DevTokens issuer;

    private RSAKey trusted;

    @DynamicPropertySource
    static void loopbackOnly(DynamicPropertyRegistry registry) {
        registry.add("hoshu.data-dir", data::toString);
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("hoshu.tunnel.host", () -> "127.0.0.1");
        registry.add("hoshu.tunnel.port", () -> "0");
        registry.add("hoshu.ssh.host", () -> "127.0.0.1");
        registry.add("hoshu.ssh.port", () -> "0");
        registry.add("hoshu.node-name", () -> "test-node");
    }

    @BeforeEach
    void enrollCt01() throws Exception {
        trusted = RSAKey.parse(Files.readString(data.resolve("pki/dev-issuer.jwk")));
        if (Files.exists(data.resolve("state/devices.json"))
                && Files.readString(data.resolve("state/devices.json")).contains("CT-01")) {
            return;
        }
        String joinToken = call("POST", "/api/v1/devices/CT-01/join-tokens", token("tanaka", "hosp-a",
                List.of("approver", "hospital-admin"), MFA), Map.of(), 201).path("token").asString();
        var deviceKey = DeviceCertificates.newEcKey();
        new EnrollmentClient(Duration.ofSeconds(10)).enroll("127.0.0.1", listeners.tunnelAddress().orElseThrow().getPort(),
                JoinToken.parse(joinToken), new EnrollmentRequest(joinToken,
                        PemFiles.toPem(DeviceCertificates.csr(deviceKey, "CT-01")), "test"));
    }

    // --- the cast, as the hospital's identity provider would sign them -------------------------------------------

    private String sato() {
        return token("sato", "medserve", List.of("engineer"), MFA);
    }

    private String tanaka() {
        return token("tanaka", "hosp-a", List.of("approver", "hospital-admin"), MFA);
    }

    private String yamada() {
        return token("yamada", "hosp-a", List.of("approver"), MFA);
    }

    private String token(String subject, String org, List<String> roles, List<String> amr) {
        return sign(trusted, subject, org, roles, amr);
    }

    private String sign(RSAKey key, String subject, String org, List<String> roles, List<String> amr) {
        try {
            Instant now = Instant.now();
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer.issuer()).audience(DevTokens.AUDIENCE)
                    .subject(subject).claim("org", org).claim("roles", roles).claim("amr", amr)
                    .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
                    .jwtID(UUID.randomUUID().toString()).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode call(String method, String path, String bearer, Object body, int status) {
        var spec = client.method(org.springframework.http.HttpMethod.valueOf(method)).uri(path)
                .headers(h -> h.setBearerAuth(bearer));
        byte[] answer = (body == null ? spec : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body))
                .exchange().expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody();
        return answer == null ? JSON.createObjectNode() : JSON.readTree(answer);
    }

    private static Map<String, Object> ask(String device, String category, int minutes, String... extra) {
        Map<String, Object> body = new HashMap<>(Map.of("device", device, "category", category,
                "tools", List.of("status"), "reason", "error E-12", "durationMinutes", minutes));
        for (int i = 0; i < extra.length; i += 2) {
            body.put(extra[i], extra[i + 1]);
        }
        return body;
    }

    /** The newest audit event with this action, as an auditor reads it from the files. */
    private static JsonNode lastAudit(String action) throws IOException {
        JsonNode found = null;
        try (Stream<Path> files = Files.list(data.resolve("audit")).sorted()) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode event = JSON.readTree(line);
                    if (action.equals(event.path("action").asString(null))) {
                        found = event;
                    }
                }
            }
        }
        assertThat(found).as("audit event " + action).isNotNull();
        return found;
    }

    private static void assertRefusedAndAudited(JsonNode answer, String action, String message) throws IOException {
        assertThat(answer.path("error").asString()).isEqualTo(message);
        JsonNode event = lastAudit(action);
        assertThat(event.path("outcome").asString()).isEqualTo("refused");
        assertThat(event.path("reason").asString()).isEqualTo(message);
    }

    // --- the refusals ----------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void aRequestWithoutALiveMaintenanceContractIsRefusedNamingTheMissingContract() throws IOException {
        call("POST", "/api/v1/organisations", token("ops", "hoshu-platform", List.of("operator"), MFA),
                Map.of("id", "cheapfix", "kind", "SERVICE_COMPANY", "name", "CheapFix"), 201);
        assertThat(lastAudit("organisation.register").path("outcome").asString()).isEqualTo("allowed");
        // hosp-a's bootstrap policy accepts medserve and kyowa-medical only; version 2 accepts any contracted company.
        String open = Files.readString(Path.of("src/main/resources/quickstart-bootstrap.yaml"))
                .split("hosp-a: \\|\n")[1].replaceAll("(?m)^    ", "").replace("companies: [medserve, kyowa-medical]\n", "");
        JsonNode applied = call("PUT", "/api/v1/policies", tanaka(), Map.of("yaml", open), 200);
        assertThat(applied.path("version").asInt()).isEqualTo(2);
        JsonNode event = lastAudit("policy.apply");
        assertThat(event.path("details").path("version").asString()).isEqualTo("2");
        assertThat(event.path("details").path("diff").asString()).isEqualTo("-companies: [medserve, kyowa-medical]");

        JsonNode refused = call("POST", "/api/v1/requests", token("ito", "cheapfix", List.of("engineer"), MFA),
                ask("CT-01", "MONITOR", 30), 403);

        assertRefusedAndAudited(refused, "request.create",
                "denied: no live maintenance contract between hosp-a and cheapfix");
    }

    @Test
    @Order(2)
    void aCompanyWithoutARepairLicenceCannotAskForRepair() throws IOException {
        JsonNode refused = call("POST", "/api/v1/requests", token("ito", "cheapfix", List.of("engineer"), MFA),
                ask("CT-01", "REPAIR", 30), 403);

        assertRefusedAndAudited(refused, "request.create", "denied: cheapfix has no repair-business licence number"
                + " and responsible person in Japan on record, so it may ask for MONITOR only (REQ-CAT-2)");
    }

    @Test
    @Order(3)
    void aWindowLongerThanTheCategoryAllowsIsRefused() throws IOException {
        JsonNode refused = call("POST", "/api/v1/requests", sato(), ask("CT-01", "REPAIR", 300), 403);

        assertRefusedAndAudited(refused, "request.create", "denied: hosp-a allows at most 240 minutes for REPAIR, not 300");
    }

    @Test
    @Order(4)
    void aWindowOutsideMaintenanceHoursIsRefused() throws IOException {
        String withHours = call("GET", "/api/v1/policies", tanaka(), null, 200).path("yaml").asString()
                .replaceFirst("(?m)^categories:", "maintenance-hours: {from: \"08:00\", to: \"20:00\"}\ncategories:");
        call("PUT", "/api/v1/policies", tanaka(), Map.of("yaml", withHours), 200);
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        Instant threeAm = LocalDate.now(tokyo).plusDays(1).atTime(3, 0).atZone(tokyo).toInstant();
        String day = LocalDate.now(tokyo).plusDays(1).toString();

        JsonNode refused = call("POST", "/api/v1/requests", sato(),
                ask("CT-01", "MONITOR", 30, "start", threeAm.toString()), 403);

        assertRefusedAndAudited(refused, "request.create", "denied: the window " + day + " 03:00–03:30 Asia/Tokyo is"
                + " outside hosp-a's maintenance hours (08:00–20:00 every day)");
        String anyTime = withHours.replace("maintenance-hours: {from: \"08:00\", to: \"20:00\"}\n", "");
        call("PUT", "/api/v1/policies", tanaka(), Map.of("yaml", anyTime), 200);
    }

    @Test
    @Order(5)
    void nobodyApprovesTheirOwnRequest() throws IOException {
        String inoue = token("inoue", "hosp-a", List.of("engineer", "approver"), MFA);
        String id = call("POST", "/api/v1/requests", inoue, ask("CT-01", "MONITOR", 30), 201).path("id").asString();

        JsonNode refused = call("POST", "/api/v1/requests/" + id + "/approve", inoue, Map.of(), 403);

        assertRefusedAndAudited(refused, "request.approve", "denied: you cannot approve your own request " + id);
    }

    @Test
    @Order(6)
    void anotherHospitalsApproverCannotApprove() throws IOException {
        String id = call("POST", "/api/v1/requests", sato(), ask("CT-01", "MONITOR", 30), 201).path("id").asString();

        JsonNode refused = call("POST", "/api/v1/requests/" + id + "/approve",
                token("kato", "hosp-b", List.of("approver", "hospital-admin"), MFA), Map.of(), 403);

        assertRefusedAndAudited(refused, "request.approve", "denied: approver of hosp-b cannot act for hosp-a");
    }

    @Test
    @Order(7)
    void approvingNeedsAMultiFactorLogin() throws IOException {
        String id = call("POST", "/api/v1/requests", sato(), ask("CT-01", "MONITOR", 30), 201).path("id").asString();

        JsonNode refused = call("POST", "/api/v1/requests/" + id + "/approve",
                token("tanaka", "hosp-a", List.of("approver", "hospital-admin"), List.of("pwd")), Map.of(), 403);

        assertRefusedAndAudited(refused, "request.approve",
                "denied: approving needs a multi-factor login (token amr [pwd] has none of otp, hwk, swk, mfa, totp)");
    }

    @Test
    @Order(8)
    void aTokenSignedByAnUntrustedKeyClaimingHospitalAIsRefused() throws Exception {
        String id = call("POST", "/api/v1/requests", sato(), ask("CT-01", "MONITOR", 30), 201).path("id").asString();
        RSAKey forger = new RSAKeyGenerator(2048).keyID(trusted.getKeyID()).generate();

        JsonNode refused = call("POST", "/api/v1/requests/" + id + "/approve",
                sign(forger, "tanaka", "hosp-a", List.of("approver", "hospital-admin"), MFA), Map.of(), 401);

        assertThat(refused.path("error").asString())
                .isEqualTo("unauthenticated: a valid bearer token is required (hoshu login)");
        JsonNode event = lastAudit("api.unauthenticated");
        assertThat(event.path("outcome").asString()).isEqualTo("refused");
        assertThat(event.path("actor").asString()).isEqualTo("anonymous");
        assertThat(event.path("hospital").isNull()).as("a forged claim names no hospital").isTrue();
        assertThat(event.path("target").asString()).isEqualTo("POST /api/v1/requests/" + id + "/approve");
        assertThat(call("GET", "/api/v1/requests", sato(), null, 200).toString()).contains("\"id\":\"" + id
                + "\",").doesNotContain("\"grantId\":\"g-");
    }

    @Test
    @Order(9)
    void repairNeedsTwoDistinctApproversAndTheSameOneTwiceDoesNotCount() throws IOException {
        String id = call("POST", "/api/v1/requests", sato(), ask("CT-01", "REPAIR", 60, "workOrder", "WO-77"), 201)
                .path("id").asString();

        JsonNode first = call("POST", "/api/v1/requests/" + id + "/approve", tanaka(), Map.of(), 200);
        assertThat(first.path("grant").isNull()).isTrue();
        assertThat(first.path("request").path("status").asString()).isEqualTo("PENDING");
        assertThat(first.path("approvalsNeeded").asInt()).isEqualTo(2);
        JsonNode again = call("POST", "/api/v1/requests/" + id + "/approve", tanaka(), Map.of(), 409);
        assertRefusedAndAudited(again, "request.approve", "refused: tanaka already approved " + id
                + "; a second approval by the same person does not count (REPAIR needs 2 distinct approvers, 1 so far)");

        Instant later = Instant.now().plusSeconds(3600);
        JsonNode second = call("POST", "/api/v1/requests/" + id + "/approve", yamada(),
                Map.of("start", later.toString()), 200);

        assertThat(second.path("request").path("status").asString()).isEqualTo("APPROVED");
        JsonNode grant = second.path("grant");
        assertThat(grant.path("approvers").toString()).isEqualTo("[\"tanaka\",\"yamada\"]");
        assertThat(Instant.parse(grant.path("notBefore").asString())).isEqualTo(later.truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS));
        assertThat(lastAudit("request.approve").path("details").path("approvals").asString()).isEqualTo("2 of 2");
    }

    @Test
    @Order(10)
    void aPendingRequestExpiresAndCanNoLongerBeApproved() throws IOException {
        JsonNode asked = call("POST", "/api/v1/requests", sato(), ask("CT-01", "MONITOR", 30), 201);
        String id = asked.path("id").asString();
        Instant expiresAt = Instant.parse(asked.path("expiresAt").asString());
        CLOCK.advance(Duration.ofMinutes(61));
        try {
            JsonNode refused = call("POST", "/api/v1/requests/" + id + "/approve", tanaka(), Map.of(), 409);

            assertRefusedAndAudited(refused, "request.approve", "denied: request " + id + " expired at "
                    + dev.hoshu.access.TokyoTime.format(expiresAt) + " (pending requests expire after 1 hour)");
        } finally {
            CLOCK.advance(Duration.ofMinutes(-61));
        }
    }
}
