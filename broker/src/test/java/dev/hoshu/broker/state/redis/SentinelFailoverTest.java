package dev.hoshu.broker.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoshu.access.Category;
import dev.hoshu.access.Grant;
import dev.hoshu.broker.state.JoinTokenRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sentinel with one master, two replicas and three sentinels, all real processes: the master crashes, the sentinels
 * promote the replica, and the stores work again on the same connection without anyone touching the broker.
 */
class SentinelFailoverTest {

    private static final Duration FAILOVER = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private RedisDeployment sentinel;
    private RedisConnections redis;

    @BeforeEach
    void start() throws Exception {
        // Two replicas: after one failover a replica is left to confirm each revocation (hoshu.redis.cut-replicas 1).
        sentinel = RedisDeployment.sentinel(dir, 2);
        redis = RedisConnections.open(sentinel.settings("failover"));
    }

    @AfterEach
    void stop() {
        redis.close();
        sentinel.close();
    }

    @Test
    void afterTheMasterCrashesTheStoresWorkAgainOnThePromotedReplica() throws Exception {
        RedisGrantStore grants = new RedisGrantStore(redis, Clock.systemUTC());
        RedisJoinTokenStore tokens = new RedisJoinTokenStore(redis);
        Instant now = Instant.now();
        grants.insert(grant("g-1", now));
        grants.insert(grant("g-0", now));
        tokens.insert(new JoinTokenRecord("tok1", "ab".repeat(32), "CT-01", "hosp-a", "tanaka", now,
                now.plusSeconds(3600), null));
        RedisProcess oldMaster = sentinel.currentMaster();
        // Under Sentinel a revocation returns only once the replica holds it (ADR 35): the crash right after it
        // must not undo it.
        grants.revoke("g-0", "revoked by tanaka: just before the crash");

        oldMaster.kill();

        long started = System.nanoTime();
        List<RuntimeException> refusals = new java.util.ArrayList<>();
        RedisDeployment.await(() -> revokes(grants, refusals), FAILOVER, "the stores to work again after the failover");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        RedisProcess newMaster = sentinel.currentMaster();
        assertThat(newMaster).isNotSameAs(oldMaster);
        assertThat(grants.find("g-1").orElseThrow().revokedReason()).isEqualTo("killed by tanaka: after failover");
        assertThat(grants.find("g-0").orElseThrow().revokedReason())
                .isEqualTo("revoked by tanaka: just before the crash");
        assertThat(tokens.markUsed("tok1", now)).isTrue();
        assertThat(tokens.markUsed("tok1", now)).isFalse();
        grants.insert(grant("g-2", now));
        assertThat(grants.all()).extracting(Grant::id).containsExactlyInAnyOrder("g-0", "g-1", "g-2");
        assertThat(took).isLessThan(FAILOVER);
        System.out.println("sentinel failover: stores back after " + took.toMillis() + " ms");
        // While it failed over, every attempt was refused as the state being away, in one line, never taken silently.
        assertThat(refusals).isNotEmpty().allSatisfy(refused -> {
            assertThat(refused).isInstanceOf(dev.hoshu.broker.state.StateUnavailableException.class);
            assertThat(refused.getMessage()).startsWith("state store unavailable: ").doesNotContain("\n");
        });
    }

    /** One try of a revocation; false while Redis cannot take it. */
    private static boolean revokes(RedisGrantStore grants, List<RuntimeException> refusals) {
        try {
            grants.revoke("g-1", "killed by tanaka: after failover");
            return true;
        } catch (RuntimeException stillFailingOver) {
            refusals.add(stillFailingOver);
            return false;
        }
    }

    private static Grant grant(String id, Instant now) {
        return new Grant(id, "r-1", "sato", "medserve", "hosp-a", "CT-01", Category.MONITOR, List.of("status"),
                now.minusSeconds(60), now.plusSeconds(3600), List.of("tanaka"), null, null, false, false, false);
    }
}
