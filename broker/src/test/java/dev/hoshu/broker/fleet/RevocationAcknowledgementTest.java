package dev.hoshu.broker.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.access.Actor;
import dev.hoshu.access.Category;
import dev.hoshu.access.Grant;
import dev.hoshu.api.service.KillResult;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.broker.access.Sessions;
import dev.hoshu.broker.audit.InMemoryAuditTrail;
import dev.hoshu.broker.faults.Faults;
import dev.hoshu.broker.killswitch.KillTarget;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.killswitch.SessionRegistry;
import dev.hoshu.broker.notify.CutNotifier;
import dev.hoshu.broker.reversetunnel.Eventually;
import dev.hoshu.broker.state.Ids;
import dev.hoshu.broker.state.StateUnavailableException;
import dev.hoshu.broker.state.redis.RedisConnections;
import dev.hoshu.broker.state.redis.RedisGrantStore;
import dev.hoshu.broker.state.redis.RedisSettings;
import dev.hoshu.broker.state.redis.SharedRedis;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A kill is acknowledged to the hospital only once every node of the fleet refuses its grant (ADR 35): node A
 * reaches a real redis-server through the fault proxy, driven with the toxiproxy-java client (latency and
 * reset_peer toxics), node B reaches it directly and decides,
 * as its SSH gateway does, from the grant it reads in Redis. The outcome may be "failed" (the grant may still work)
 * or "killed" (then node B refuses the grant at once), never "killed" with the grant still admitted.
 */
@ExtendWith(SharedRedis.class)
class RevocationAcknowledgementTest {

    private static final Actor TANAKA = new Actor("tanaka", "hosp-a", Set.of("approver", "hospital-admin"), "田中");

    private final List<AutoCloseable> closing = new ArrayList<>();
    private String redisNode;
    private String prefix;
    private Proxy linkOfA;
    private RedisGrantStore grantsOnB;

    @BeforeEach
    void start(SharedRedis.Deployments redis) throws Exception {
        RedisSettings shared = redis.get("standalone").settings("t" + Ids.random(8));
        redisNode = shared.nodes().get(0);
        prefix = shared.keyPrefix();
        Faults faults = Faults.start();
        closing.add(faults);
        linkOfA = faults.client().createProxy("redis-of-node-a-" + prefix, "127.0.0.1:0", redisNode);
        closing.add(linkOfA::delete);
        grantsOnB = new RedisGrantStore(open(redisNode, 0), Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        // Connections before the link they run through, the link before the fault proxy that serves it.
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    /** Node A: its grants through the fault proxy, its own sessions, and the kill switch the API calls. */
    private record NodeA(RedisGrantStore grants, SessionRegistry live, Sessions sessions, List<String> cut) {

        /** A session node A relays; its relay notes the kill and leaves the registry, as the real one does. */
        LiveSession relay(String grantId) {
            LiveSession session = new LiveSession(SessionRegistry.newSessionId(), grantId, "sato", "medserve",
                    "hosp-a", "CT-01", "status", Instant.now());
            live.register(session, new KillTarget() {
                @Override
                public void kill(String by, String reason) {
                    cut.add(session.id() + " killed by " + by + ": " + reason);
                    live.unregister(session.id());
                }
            });
            return session;
        }
    }

    private NodeA nodeA(int cutReplicas) {
        RedisGrantStore grants = new RedisGrantStore(open(linkOfA.getListen(), cutReplicas), Clock.systemUTC());
        SessionRegistry live = new SessionRegistry(grants, Clock.systemUTC());
        return new NodeA(grants, live, new Sessions(live, new InMemoryAuditTrail(), null, CutNotifier.NONE,
                Clock.systemUTC(), grants), new CopyOnWriteArrayList<>());
    }

    private RedisConnections open(String node, int cutReplicas) {
        RedisConnections connections = RedisConnections.open(new RedisSettings("standalone", List.of(node), null, null,
                null, false, prefix, Duration.ofSeconds(1), Duration.ofSeconds(1), null, cutReplicas));
        closing.add(connections);
        return connections;
    }

    private String newGrant() {
        Instant now = Instant.now();
        String id = Ids.next("g-");
        grantsOnB.insert(new Grant(id, "r-1", "sato", "medserve", "hosp-a", "CT-01", Category.MONITOR,
                List.of("status"), now.minusSeconds(60), now.plusSeconds(3600), List.of("tanaka"), null, null,
                false, false, false));
        return id;
    }

    /** Node B's admission, as its gateway decides: a grant it cannot read, or a revoked one, admits nobody. */
    private boolean nodeBAdmits(String grantId) {
        try {
            Optional<Grant> grant = grantsOnB.find(grantId);
            return grant.isPresent() && grant.get().revokedAt() == null;
        } catch (StateUnavailableException away) {
            return false;
        }
    }

    @Test
    void withSlowRedisTheKillIsAcknowledgedOnlyOnceNodeBRefusesTheGrant() throws Exception {
        NodeA a = nodeA(0);
        String grant = newGrant();
        LiveSession session = a.relay(grant);
        assertThat(nodeBAdmits(grant)).isTrue();
        linkOfA.toxics().latency("slow-redis", ToxicDirection.DOWNSTREAM, 300);

        long started = System.nanoTime();
        KillResult killed = a.sessions().kill(TANAKA, session.id(), "patient inside");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(killed.killed()).isTrue();
        assertThat(nodeBAdmits(grant)).as("node B right after the kill was acknowledged").isFalse();
        assertThat(grantsOnB.find(grant).orElseThrow().revokedReason()).isEqualTo("killed by tanaka: patient inside");
        assertThat(took).as("the acknowledgement waited for Redis").isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aResetWhileTheKillIsMadeIsReportedAsFailedAndTheRevocationIsWrittenOnceRedisAnswers() throws Exception {
        NodeA a = nodeA(0);
        String grant = newGrant();
        LiveSession session = a.relay(grant);
        assertThat(a.grants().find(grant)).isPresent();
        // Every connection of node A to Redis, the open one and each reconnect, is answered with a TCP reset.
        linkOfA.toxics().resetPeer("reset", ToxicDirection.UPSTREAM, 0);

        assertThatThrownBy(() -> a.sessions().kill(TANAKA, session.id(), "patient inside"))
                .isInstanceOfSatisfying(RefusedException.class, refused -> {
                    assertThat(refused.status()).isEqualTo(RefusedException.Status.UNAVAILABLE);
                    assertThat(refused.getMessage()).startsWith("failed: session " + session.id()
                            + " ended on this node, but grant " + grant + " is not revoked in the shared state (")
                            .endsWith("another node may still admit it: revoke grant " + grant + " again")
                            .doesNotContain("\n");
                });
        assertThat(a.cut()).as("the cut itself never waits for Redis")
                .containsExactly(session.id() + " killed by tanaka: patient inside");

        linkOfA.toxics().get("reset").remove();
        // The revocation held on node A is written once Redis answers it again, without any read on node A (the
        // broker retries it on every session-directory refresh).
        Eventually.waitFor("node A wrote the held revocation", Duration.ofSeconds(10), () -> {
            a.grants().writeHeldRevocations();
            return !nodeBAdmits(grant);
        });
        assertThat(grantsOnB.find(grant).orElseThrow().revokedReason()).isEqualTo("killed by tanaka: patient inside");
    }

    @Test
    void slowerThanTheCommandTimeoutNoKillIsEverAcknowledgedWhileNodeBStillAdmits() throws Exception {
        NodeA a = nodeA(0);
        linkOfA.toxics().latency("slow-redis", ToxicDirection.DOWNSTREAM, 1_500);
        for (int round = 0; round < 3; round++) {
            String grant = newGrant();
            LiveSession session = a.relay(grant);
            boolean acknowledged;
            try {
                acknowledged = a.sessions().kill(TANAKA, session.id(), "round " + round).killed();
            } catch (RefusedException failed) {
                assertThat(failed.status()).isEqualTo(RefusedException.Status.UNAVAILABLE);
                acknowledged = false;
            }
            if (acknowledged) {
                assertThat(nodeBAdmits(grant)).as("round %d: acknowledged, so node B must refuse", round).isFalse();
            }
        }
    }

    @Test
    void aRevocationNoReplicaConfirmedIsNotAcknowledged() {
        // This Redis has no replica: a node that asks for one copy never gets it, as when the replica is down.
        NodeA a = nodeA(1);
        String grant = newGrant();
        LiveSession session = a.relay(grant);

        assertThatThrownBy(() -> a.sessions().kill(TANAKA, session.id(), "patient inside"))
                .isInstanceOfSatisfying(RefusedException.class, refused -> assertThat(refused.getMessage())
                        .contains("grant " + grant + " is not revoked in the shared state (state store unavailable: "
                                + "the revocation of grant " + grant + " reached the Redis master but 0 of 1 replicas "
                                + "confirmed it within 500 ms)"));
        assertThatThrownBy(() -> a.grants().revoke(newGrant(), "revoked by tanaka: test"))
                .isInstanceOf(StateUnavailableException.class).hasMessageContaining("0 of 1 replicas");
    }
}
