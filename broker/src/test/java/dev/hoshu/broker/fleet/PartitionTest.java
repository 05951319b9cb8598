package dev.hoshu.broker.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hoshu.access.Category;
import dev.hoshu.access.Grant;
import dev.hoshu.broker.reversetunnel.Eventually;
import dev.hoshu.broker.state.Ids;
import dev.hoshu.broker.state.StateUnavailableException;
import dev.hoshu.broker.state.redis.RedisConnections;
import dev.hoshu.broker.state.redis.RedisGrantStore;
import dev.hoshu.broker.state.redis.RedisSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partition between one broker node and Redis, made the way a network fails: redis-server runs in a network
 * namespace the test creates, reachable at two addresses of its own; node A dials one, node B the other, and an
 * nftables rule in that namespace drops everything to node A's address. While node A is cut off it admits nobody
 * (fail closed); a revocation made through node B, once acknowledged, is refused by node B at once and by node A as
 * soon as it can read Redis again; and node A's own kill during the partition is never reported as done.
 */
class PartitionTest {

    private static final boolean CI = "true".equals(System.getenv("CI"));

    @TempDir
    Path dir;

    private final List<AutoCloseable> closing = new ArrayList<>();
    private String namespace;
    private Process redis;
    private String addressA;
    private String addressB;
    private int port;

    @BeforeEach
    void partitionableRedis() throws Exception {
        boolean able = "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/nft"))
                && (Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/usr/bin/ip")));
        if (CI && !able) {
            throw new IllegalStateException("the partition test needs root, nft (Debian nftables) and ip (iproute2)");
        }
        assumeTrue(able, "network namespaces need root, nft and ip");
        int net = ThreadLocalRandom.current().nextInt(1, 250);
        namespace = "hoshu-part-" + ProcessHandle.current().pid();
        String host = "hp" + ProcessHandle.current().pid() % 100000 + "h";
        String inside = "hp" + ProcessHandle.current().pid() % 100000 + "r";
        addressA = "10.213." + net + ".2";
        addressB = "10.213." + net + ".3";
        run("ip", "netns", "add", namespace);
        run("ip", "link", "add", host, "type", "veth", "peer", "name", inside);
        run("ip", "link", "set", inside, "netns", namespace);
        run("ip", "addr", "add", "10.213." + net + ".1/24", "dev", host);
        run("ip", "link", "set", host, "up");
        run("ip", "netns", "exec", namespace, "ip", "addr", "add", addressA + "/24", "dev", inside);
        run("ip", "netns", "exec", namespace, "ip", "addr", "add", addressB + "/24", "dev", inside);
        run("ip", "netns", "exec", namespace, "ip", "link", "set", inside, "up");
        run("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up");
        run("ip", "netns", "exec", namespace, "nft", "add", "table", "inet", "hoshu_partition");
        run("ip", "netns", "exec", namespace, "nft", "add", "chain", "inet", "hoshu_partition", "input",
                "{ type filter hook input priority 0 ; }");
        port = 6379;
        redis = new ProcessBuilder("ip", "netns", "exec", namespace, "/usr/bin/redis-server", "--port",
                String.valueOf(port), "--bind", "0.0.0.0", "--protected-mode", "no", "--save", "", "--appendonly",
                "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        Eventually.waitFor("redis-server answers in the namespace", Duration.ofSeconds(15),
                () -> reachable(addressA) && reachable(addressB));
    }

    @AfterEach
    void heal() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        if (redis != null) {
            redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (namespace != null) {
            // Deleting the namespace deletes its end of the pair, and with it the host's end.
            runQuietly("ip", "netns", "delete", namespace);
        }
    }

    @Test
    void aNodeCutOffFromRedisAdmitsNobodyAndAfterHealingRefusesWhatTheOtherNodeRevoked() throws Exception {
        String prefix = "t" + Ids.random(8);
        RedisGrantStore onA = new RedisGrantStore(open(addressA, prefix), Clock.systemUTC());
        RedisGrantStore onB = new RedisGrantStore(open(addressB, prefix), Clock.systemUTC());
        String revokedThroughB = newGrant(onB);
        String killedOnA = newGrant(onB);
        assertThat(admits(onA, revokedThroughB)).isTrue();

        partition(addressA);

        assertThat(admits(onA, revokedThroughB)).as("node A, cut off, admits nobody").isFalse();
        onB.revoke(revokedThroughB, "revoked by tanaka: wrong device");
        assertThat(admits(onB, revokedThroughB)).as("node B once the revocation was acknowledged").isFalse();
        // Node A's own revocation cannot be acknowledged while Redis is away: it fails, it is not reported done.
        assertThatThrownBy(() -> onA.revoke(killedOnA, "killed by tanaka: patient inside"))
                .isInstanceOf(StateUnavailableException.class);
        assertThat(admits(onA, killedOnA)).as("node A still admits nobody").isFalse();

        heal(addressA);

        Eventually.waitFor("node A reads Redis again", Duration.ofSeconds(20), () -> {
            try {
                onA.find(killedOnA);
                return true;
            } catch (StateUnavailableException stillAway) {
                return false;
            }
        });
        assertThat(admits(onA, revokedThroughB)).as("node A after healing: the revocation made meanwhile holds")
                .isFalse();
        Eventually.waitFor("node A's held revocation reached Redis", Duration.ofSeconds(20),
                () -> onB.find(killedOnA).map(g -> g.revokedAt() != null).orElse(false));
        assertThat(admits(onB, killedOnA)).as("node B refuses the grant node A killed during the partition").isFalse();
    }

    /** As the SSH gateway decides: a grant it cannot read, or a revoked one, admits nobody. */
    private static boolean admits(RedisGrantStore grants, String grantId) {
        try {
            Optional<Grant> grant = grants.find(grantId);
            return grant.isPresent() && grant.get().revokedAt() == null;
        } catch (StateUnavailableException away) {
            return false;
        }
    }

    private static String newGrant(RedisGrantStore grants) {
        Instant now = Instant.now();
        String id = Ids.next("g-");
        grants.insert(new Grant(id, "r-1", "sato", "medserve", "hosp-a", "CT-01", Category.MONITOR,
                List.of("status"), now.minusSeconds(60), now.plusSeconds(3600), List.of("tanaka"), null, null,
                false, false, false));
        return id;
    }

    private RedisConnections open(String address, String prefix) {
        RedisConnections connections = RedisConnections.open(new RedisSettings("standalone",
                List.of(address + ":" + port), null, null, null, false, prefix, Duration.ofSeconds(1),
                Duration.ofSeconds(1), null, 0));
        closing.add(connections);
        return connections;
    }

    private void partition(String address) throws IOException, InterruptedException {
        run("ip", "netns", "exec", namespace, "nft", "add", "rule", "inet", "hoshu_partition", "input", "ip",
                "daddr", address, "drop");
    }

    private void heal(String address) throws IOException, InterruptedException {
        run("ip", "netns", "exec", namespace, "nft", "flush", "chain", "inet", "hoshu_partition", "input");
    }

    private boolean reachable(String address) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output.strip());
        }
    }

    private static void runQuietly(String... command) {
        try {
            run(command);
        } catch (IOException | InterruptedException e) {
            System.err.println("cleanup: " + e.getMessage());
        }
    }
}
