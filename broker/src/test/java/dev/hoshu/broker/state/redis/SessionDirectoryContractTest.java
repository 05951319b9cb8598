package dev.hoshu.broker.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoshu.broker.access.TestClock;
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

    final TestClock clock = new TestClock(T0);
    RedisConnections redis;

    @BeforeEach
    void open(SharedRedis.Deployments deployments) {
        redis = RedisConnections.open(deployments.get(mode).settings("t" + Ids.random(8))
                .withSessionTtl(Duration.ofSeconds(30)));
    }

    @AfterEach
    void close() {
        redis.close();
    }

    static LiveSession session(String id, String device) {
        return new LiveSession(id, "g-" + id, "sato", "medserve", "hosp-a", device, "status 日本語", T0);
    }

    @Test
    void nodesEnterTheirSessionsAndEveryNodeSeesWhoHoldsWhich() {
        RedisSessionDirectory nodeA = new RedisSessionDirectory(redis, clock);
        RedisSessionDirectory nodeB = new RedisSessionDirectory(redis, clock);
        nodeA.held("node-a", List.of(session("s-1", "CT-01"), session("s-2", "CT-02")));
        nodeB.held("node-b", List.of(session("s-3", "MR-07")));
        nodeB.held("node-b", List.of());

        assertThat(nodeB.locate("s-1")).contains(new NodeSession(session("s-1", "CT-01"), "node-a",
                T0.plusSeconds(30)));
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
        RedisSessionDirectory directory = new RedisSessionDirectory(redis, clock);
        directory.held("node-a", List.of(session("s-1", "CT-01")));
        directory.held("node-b", List.of(session("s-2", "CT-02")));

        clock.advance(Duration.ofSeconds(20));
        directory.held("node-b", List.of(session("s-2", "CT-02")));
        clock.advance(Duration.ofSeconds(15));

        assertThat(directory.locate("s-1")).isEmpty();
        assertThat(directory.all()).extracting(e -> e.session().id()).containsExactly("s-2");
        // The lapsed entry is gone from Redis, not just hidden.
        List<String> stored = redis.call(c -> c.hkeys(RedisKeys.of(redis.settings()).liveSessions()));
        assertThat(stored).containsExactly("s-2");
    }
}
