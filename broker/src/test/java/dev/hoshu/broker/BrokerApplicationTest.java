package dev.hoshu.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoshu.tunnel.DeviceIdentity;
import dev.hoshu.tunnel.enroll.EnrollmentClient;
import dev.hoshu.tunnel.enroll.EnrollmentRefusedException;
import dev.hoshu.tunnel.enroll.EnrollmentRequest;
import dev.hoshu.tunnel.enroll.EnrollmentResponse;
import dev.hoshu.tunnel.enroll.JoinToken;
import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.pki.PemFiles;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The whole broker in quickstart mode on loopback: the API path from join token to grant certificate. */
@SpringBootTest(classes = BrokerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("quickstart")
@AutoConfigureWebTestClient
class BrokerApplicationTest {

    @TempDir
    static Path data;

    @Autowired
    WebTestClient client;

    @Autowired
    BrokerListeners listeners;

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

    private String token(String user) {
        return new QuickstartApi(client).token(user);
    }

    private Map<String, Object> post(String user, String path, Object body, int status) {
        return new QuickstartApi(client).post(user, path, body, status);
    }

    @Test
    void joinTokenEnrollmentRequestApprovalAndCertificate() throws Exception {
        String joinToken = (String) post("tanaka", "/api/v1/devices/CT-01/join-tokens", Map.of(), 201).get("token");

        InetSocketAddress tunnel = listeners.tunnelAddress().orElseThrow();
        EnrollmentClient agent = new EnrollmentClient(Duration.ofSeconds(10));
        var deviceKey = DeviceCertificates.newEcKey();
        EnrollmentRequest enroll = new EnrollmentRequest(joinToken,
                PemFiles.toPem(DeviceCertificates.csr(deviceKey, "CT-01")), "test");
        EnrollmentResponse enrolled = agent.enroll("127.0.0.1", tunnel.getPort(), JoinToken.parse(joinToken), enroll);
        DeviceIdentity identity = DeviceCertificates.identityOf(PemFiles.readCertificates(enrolled.certificateChain()).get(0));
        assertThat(identity.deviceId()).isEqualTo("CT-01");
        assertThat(identity.hospital()).isEqualTo("hosp-a");
        try {
            agent.enroll("127.0.0.1", tunnel.getPort(), JoinToken.parse(joinToken), enroll);
            throw new AssertionError("a join token must work once");
        } catch (EnrollmentRefusedException refused) {
            assertThat(refused.getMessage()).isEqualTo("enroll refused: join token already used");
        }

        Map<String, Object> request = post("sato", "/api/v1/requests", Map.of("device", "CT-01", "category", "MONITOR",
                "tools", List.of("status"), "reason", "error E-12", "durationMinutes", 30), 201);
        String requestId = (String) request.get("id");
        assertThat(request.get("hospital")).isEqualTo("hosp-a");

        assertThat(post("kato", "/api/v1/requests/" + requestId + "/approve", Map.of(), 403))
                .containsEntry("error", "denied: approver of hosp-b cannot act for hosp-a");
        @SuppressWarnings("unchecked")
        Map<String, Object> grant = (Map<String, Object>) post("tanaka", "/api/v1/requests/" + requestId + "/approve",
                Map.of(), 200).get("grant");
        String grantId = (String) grant.get("id");

        String keyLine = PublicKeyEntry.toString(KeyUtils.generateKeyPair("ssh-ed25519", 256).getPublic());
        Map<String, Object> issued = post("sato", "/api/v1/grants/" + grantId + "/certificate",
                Map.of("publicKey", keyLine), 200);
        OpenSshCertificate certificate = (OpenSshCertificate) PublicKeyEntry
                .parsePublicKeyEntry((String) issued.get("certificate"))
                .resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING);
        assertThat(certificate.getId()).isEqualTo(grantId);
        assertThat(certificate.getPrincipals()).containsExactly("CT-01");
        assertThat(issued.get("validBefore")).isEqualTo(grant.get("notAfter"));

        assertThat(post("suzuki", "/api/v1/grants/" + grantId + "/certificate", Map.of("publicKey", keyLine), 403))
                .containsEntry("error", "denied: getting a grant certificate needs the engineer role");

        client.get().uri("/api/v1/sessions").headers(h -> h.setBearerAuth(token("suzuki")))
                .exchange().expectStatus().isOk().expectBody().json("[]");
        assertThat(listeners.sshAddress()).isPresent();
        for (String file : List.of("requests.json", "grants.json", "devices.json", "join-tokens.json")) {
            assertThat(Files.exists(data.resolve("state").resolve(file))).as(file).isTrue();
        }
    }

    @Test
    void healthIsOpenAndTheApiIsNot() {
        client.get().uri("/actuator/health").exchange().expectStatus().isOk();
        client.get().uri("/api/v1/requests").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void metricsAndProbesAnswerOnLoopback() {
        post("tanaka", "/api/v1/devices/CT-02/join-tokens", Map.of(), 201);
        post("tanaka", "/api/v1/locks", Map.of("target", Map.of("kind", "device", "value", "CT-02"),
                "reason", "patient inside"), 201);

        String metrics = client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(metrics).contains("hoshu_tunnels_connected", "hoshu_sessions_live",
                "hoshu_tunnel_handshakes_total{application=\"hoshu-broker\",outcome=\"completed\"}",
                "hoshu_audit_events_total{action=\"device.join-token\",application=\"hoshu-broker\",outcome=\"allowed\"}",
                "hoshu_cuts_total{application=\"hoshu-broker\",target=\"lock\"} 1.0",
                "hoshu_recordings_unarchived{application=\"hoshu-broker\"} 0.0",
                "hoshu_tunnel_lobby_waiting{application=\"hoshu-broker\"} 0.0",
                "hoshu_tunnel_handshakes_in_progress{application=\"hoshu-broker\"}");
        // On the file store there is no Redis to time.
        assertThat(metrics).doesNotContain("tanaka", "CT-02", "patient", "hoshu_redis_latency");
        client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }
}
