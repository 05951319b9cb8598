package dev.hoshu.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoshu.broker.killswitch.LiveSessions;
import dev.hoshu.broker.state.GrantStore;
import dev.hoshu.broker.state.redis.RedisConnections;
import dev.hoshu.broker.state.redis.RedisGrantStore;
import dev.hoshu.broker.state.redis.RedisKeys;
import dev.hoshu.broker.state.redis.RedisProcess;
import dev.hoshu.broker.state.redis.RedisSettings;
import dev.hoshu.tunnel.enroll.EnrollmentClient;
import dev.hoshu.tunnel.enroll.EnrollmentRefusedException;
import dev.hoshu.tunnel.enroll.EnrollmentRequest;
import dev.hoshu.tunnel.enroll.JoinToken;
import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.pki.PemFiles;
import dev.hoshu.broker.fleet.FleetSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The whole broker with {@code hoshu.state.backend: redis} on a real redis-server: its state goes to Redis, not to
 * the data dir, a join token is single-use through Redis, and with Redis stopped an approval is refused (503) with
 * the reason while the API still answers.
 */
@SpringBootTest(classes = BrokerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("quickstart")
@AutoConfigureWebTestClient
@DirtiesContext
class BrokerOnRedisTest {

    static Path data;
    static RedisProcess redis;

    @Autowired
    WebTestClient client;

    @Autowired
    BrokerListeners listeners;

    @Autowired
    GrantStore grants;

    @Autowired
    LiveSessions live;

    @DynamicPropertySource
    static void onRedis(DynamicPropertyRegistry registry) {
        try {
            data = Files.createTempDirectory("hoshu-broker-redis-");
            redis = RedisProcess.server(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("hoshu.data-dir", data::toString);
        registry.add("hoshu.state.backend", () -> "redis");
        registry.add("hoshu.redis.mode", () -> "standalone");
        registry.add("hoshu.redis.nodes", redis::node);
        registry.add("hoshu.redis.key-prefix", () -> "hoshu-test");
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("hoshu.tunnel.host", () -> "127.0.0.1");
        registry.add("hoshu.tunnel.port", () -> "0");
        registry.add("hoshu.ssh.host", () -> "127.0.0.1");
        registry.add("hoshu.ssh.port", () -> "0");
        registry.add("hoshu.node-name", () -> "node-a");
        registry.add("hoshu.fleet.peer.host", () -> "127.0.0.1");
        registry.add("hoshu.fleet.peer.port", () -> "0");
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
        dev.hoshu.broker.state.redis.RedisDeployment.delete(data);
    }

    private String token(String user) {
        return new QuickstartApi(client).token(user);
    }

    private Map<String, Object> post(String user, String path, Object body, int status) {
        return new QuickstartApi(client).post(user, path, body, status);
    }

    @Test
    void theBrokersStateLivesInRedisAndWithoutRedisApprovalsAreRefusedWithTheReason() throws Exception {
        assertThat(grants).isInstanceOf(RedisGrantStore.class);
        assertThat(live).isInstanceOf(FleetSessions.class);
        String joinToken = (String) post("tanaka", "/api/v1/devices/CT-01/join-tokens", Map.of(), 201).get("token");
        EnrollmentClient agent = new EnrollmentClient(Duration.ofSeconds(10));
        EnrollmentRequest enroll = new EnrollmentRequest(joinToken,
                PemFiles.toPem(DeviceCertificates.csr(DeviceCertificates.newEcKey(), "CT-01")), "test");
        int tunnelPort = listeners.tunnelAddress().orElseThrow().getPort();
        agent.enroll("127.0.0.1", tunnelPort, JoinToken.parse(joinToken), enroll);
        try {
            agent.enroll("127.0.0.1", tunnelPort, JoinToken.parse(joinToken), enroll);
            throw new AssertionError("a join token must work once");
        } catch (EnrollmentRefusedException refused) {
            assertThat(refused.getMessage()).isEqualTo("enroll refused: join token already used");
        }
        Map<String, Object> ask = Map.of("device", "CT-01", "category", "MONITOR", "tools", List.of("status"),
                "reason", "error E-12", "durationMinutes", 30);
        String first = (String) post("sato", "/api/v1/requests", ask, 201).get("id");
        String second = (String) post("sato", "/api/v1/requests", ask, 201).get("id");
        @SuppressWarnings("unchecked")
        String grantId = ((Map<String, Object>) post("tanaka", "/api/v1/requests/" + first + "/approve", Map.of(), 200)
                .get("grant")).get("id").toString();

        RedisKeys keys = new RedisKeys("hoshu-test");
        try (RedisConnections check = RedisConnections.open(RedisSettings.standalone(redis.node(), "hoshu-test"))) {
            List<String> storedGrants = check.call(c -> c.hkeys(keys.records("grants")));
            List<String> storedRequests = check.call(c -> c.hkeys(keys.records("requests")));
            List<String> storedDevices = check.call(c -> c.hkeys(keys.records("devices")));
            long storedTokens = check.call(c -> c.hlen(keys.records("join-tokens")));
            assertThat(storedGrants).containsExactly(grantId);
            assertThat(storedRequests).containsExactlyInAnyOrder(first, second);
            assertThat(storedDevices).containsExactly("CT-01");
            assertThat(storedTokens).isEqualTo(1L);
        }
        for (String file : List.of("requests.json", "grants.json", "devices.json", "join-tokens.json", "locks.json")) {
            assertThat(Files.exists(data.resolve("state").resolve(file))).as(file).isFalse();
        }

        redis.kill();

        Map<String, Object> refused = post("tanaka", "/api/v1/requests/" + second + "/approve", Map.of(), 503);
        assertThat((String) refused.get("error")).startsWith("refused: state store unavailable: ");
        client.get().uri("/api/v1/sessions").headers(h -> h.setBearerAuth(token("suzuki")))
                .exchange().expectStatus().isOk().expectBody().json("[]");
    }
}
