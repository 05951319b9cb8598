package dev.hoshu.broker.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoshu.broker.fleet.NodeSession;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.state.Ids;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which node relays which session, on every Redis mode (one broker node needs no directory, so there is no file
 * variant): entries lapse unless refreshed, so a crashed node's sessions drop out by themselves.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"standalone", "cluster", "sentinel"})
@ExtendWith(SharedRedis.class)
class SessionDirectoryContractTest {

    static final Instant T0 = Instant.parse("2026-11-21T01:00:00Z");

    @Parameter
    String mode;

    RedisConnections redis;

    @BeforeEach
    void open(SharedRedis.Deployments deployments) {
        redis = RedisConnections.open(deployments.get(mode).settings("t" + Ids.random(8))
                .withSessionTtl(Duration.ofSeconds(2)));
    }

    @AfterEach
    void close() {
        redis.close();
    }

    /** The Redis server's clock, which the directory goes by. */
    Instant redisNow() {
        List<Object> time = redis.call(c -> c.eval("return redis.call('TIME')", io.lettuce.core.ScriptOutputType.MULTI,
                new String[] {RedisKeys.of(redis.settings()).liveSessions()}));
        return Instant.ofEpochSecond(Long.parseLong(String.valueOf(time.get(0))),
                Long.parseLong(String.valueOf(time.get(1))) * 1_000);
    }

    static LiveSession session(String id, String device) {
        return new LiveSession(id, "g-" + id, "sato", "medserve", "hosp-a", device, "status 日本語", T0);
    }

    @Test
    void nodesEnterTheirSessionsAndEveryNodeSeesWhoHoldsWhich() {
        RedisSessionDirectory nodeA = new RedisSessionDirectory(redis);
        RedisSessionDirectory nodeB = new RedisSessionDirectory(redis);
        nodeA.held("node-a", List.of(session("s-1", "CT-01"), session("s-2", "CT-02")));
        nodeB.held("node-b", List.of(session("s-3", "MR-07")));
        nodeB.held("node-b", List.of());

        NodeSession located = nodeB.locate("s-1").orElseThrow();
        assertThat(located.session()).isEqualTo(session("s-1", "CT-01"));
        assertThat(located.node()).isEqualTo("node-a");
        assertThat(located.until()).isBetween(redisNow().plusMillis(1_000), redisNow().plusMillis(2_000));
        assertThat(nodeA.all()).extracting(NodeSession::node, e -> e.session().id()).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("node-a", "s-1"), org.assertj.core.groups.Tuple.tuple("node-a", "s-2"),
                org.assertj.core.groups.Tuple.tuple("node-b", "s-3"));
        nodeA.released("s-2");
        assertThat(nodeB.locate("s-2")).isEmpty();
        assertThat(nodeB.locate("s-unknown")).isEmpty();
        assertThat(nodeB.locate(null)).isEmpty();
    }

    @Test
    void anEntryItsNodeStopsRefreshingLapsesAndARefreshedOneStays() {
        RedisSessionDirectory directory = new RedisSessionDirectory(redis);
        directory.held("node-a", List.of(session("s-1", "CT-01")));
        directory.held("node-b", List.of(session("s-2", "CT-02")));

        sleep(1_200);
        directory.held("node-b", List.of(session("s-2", "CT-02")));
        sleep(1_200);

        assertThat(directory.locate("s-1")).isEmpty();
        assertThat(directory.all()).extracting(e -> e.session().id()).containsExactly("s-2");
        // The lapsed entry is gone from Redis, not just hidden.
        List<String> stored = redis.call(c -> c.hkeys(RedisKeys.of(redis.settings()).liveSessions()));
        assertThat(stored).containsExactly("s-2");
    }

    @Test
    void aReaderNeverDeletesAnEntryItsNodeRefreshedAfterTheReaderSawItLapsed() {
        RedisSessionDirectory directory = new RedisSessionDirectory(redis);
        String key = RedisKeys.of(redis.settings()).liveSessions();
        // As a reader saw it: lapsed by the Redis clock.
        String lapsed = "{\"session\":{\"id\":\"s-1\",\"grantId\":\"g-s-1\",\"engineer\":\"sato\","
                + "\"company\":\"medserve\",\"hospital\":\"hosp-a\",\"device\":\"CT-01\",\"command\":\"status\","
                + "\"startedAt\":\"2026-11-21T01:00:00Z\"},\"node\":\"node-a\",\"until\":\"2020-01-01T00:00:00Z\"}";
        redis.call(c -> c.hset(key, "s-1", lapsed));
        redis.call(c -> c.hset(key, "s-9", lapsed.replace("s-1", "s-9")));
        assertThat(directory.locate("s-1")).isEmpty();
        // Its node refreshes it before the reader's delete arrives.
        directory.held("node-a", List.of(session("s-1", "CT-01")));

        long deleted = directory.removeUnchanged(java.util.Map.of("s-1", lapsed, "s-9", lapsed.replace("s-1", "s-9")));

        assertThat(deleted).isEqualTo(1);
        assertThat(directory.locate("s-1")).map(NodeSession::node).contains("node-a");
        List<String> stored = redis.call(c -> c.hkeys(key));
        assertThat(stored).containsExactly("s-1");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
