package dev.hoshu.broker.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoshu.access.Actor;
import dev.hoshu.access.Category;
import dev.hoshu.access.Grant;
import dev.hoshu.api.service.LockTarget;
import dev.hoshu.api.service.LockView;
import dev.hoshu.api.service.NewLock;
import dev.hoshu.broker.audit.InMemoryAuditTrail;
import dev.hoshu.broker.killswitch.KillTarget;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.killswitch.SessionRegistry;
import dev.hoshu.broker.locks.Locks;
import dev.hoshu.broker.reversetunnel.Eventually;
import dev.hoshu.broker.state.Device;
import dev.hoshu.broker.state.DeviceStatus;
import dev.hoshu.broker.state.Ids;
import dev.hoshu.broker.state.redis.RedisConnections;
import dev.hoshu.broker.state.redis.RedisCutBus;
import dev.hoshu.broker.state.redis.RedisDeviceStore;
import dev.hoshu.broker.state.redis.RedisGrantStore;
import dev.hoshu.broker.state.redis.RedisKeys;
import dev.hoshu.broker.state.redis.RedisLockStore;
import dev.hoshu.broker.state.redis.RedisSessionDirectory;
import dev.hoshu.broker.state.redis.RedisSettings;
import dev.hoshu.broker.state.redis.SharedRedis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two broker nodes in one JVM sharing one Redis (standalone, and a Cluster, where pub/sub crosses masters): a kill,
 * a lock or a decommissioning made on node A reaches the session node B relays, within a second or two.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"standalone", "cluster"})
@ExtendWith(SharedRedis.class)
class TwoNodesOnRedisTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Actor TANAKA = new Actor("tanaka", "hosp-a", Set.of("approver", "hospital-admin"), "田中");

    @Parameter
    String mode;

    private final List<RedisConnections> opened = new ArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private RedisSettings settings;
    private Node nodeA;
    private Node nodeB;

    /** A node's services as the broker wires them on Redis. */
    private final class Node {
        final String name;
        final RedisConnections redis;
        final RedisGrantStore grants;
        final SessionRegistry local;
        final FleetSessions fleet;
        final Locks locks;
        /** The devices whose tunnel to this node a cut closed, as the reverse tunnels would be told. */
        final List<String> closedTunnels = new CopyOnWriteArrayList<>();

        Node(String name) {
            this.name = name;
            this.redis = RedisConnections.open(settings);
            opened.add(redis);
            Clock clock = Clock.systemUTC();
            this.grants = new RedisGrantStore(redis, clock);
            this.local = new SessionRegistry(grants, clock);
            RedisLockStore lockStore = new RedisLockStore(redis, name);
            RedisCutBus bus = new RedisCutBus(redis, name);
            closing.add(bus);
            this.fleet = new FleetSessions(local, new RedisSessionDirectory(redis), bus, grants, name,
                    Duration.ofMillis(200));
            closing.add(fleet);
            FleetCuts cuts = new FleetCuts(local, lockStore, bus, clock, new RedisDeviceStore(redis), (device, reason) -> {
                closedTunnels.add(device + ": " + reason);
                return true;
            }, grants);
            fleet.afterRefresh(cuts::reconcile);
            this.locks = new Locks(lockStore, new RedisDeviceStore(redis), grants, fleet, new InMemoryAuditTrail(),
                    clock);
        }

        /** A session this node relays, under a new grant; the target notes how it was ended. */
        Cuts relay(String device) {
            Instant now = Instant.now();
            String grantId = Ids.next("g-");
            grants.insert(new Grant(grantId, "r-1", "sato", "medserve", "hosp-a", device, Category.MONITOR,
                    List.of("status"), now.minusSeconds(60), now.plusSeconds(3600), List.of("tanaka"), null, null,
                    false, false, false));
            LiveSession session = new LiveSession(SessionRegistry.newSessionId(), grantId, "sato", "medserve",
                    "hosp-a", device, "status", now);
            Cuts cuts = new Cuts(session);
            local.register(session, cuts);
            return cuts;
        }
    }

    /** How a session was ended, as its relay would be told. */
    private static final class Cuts implements KillTarget {
        final LiveSession session;
        final List<String> told = new CopyOnWriteArrayList<>();

        Cuts(LiveSession session) {
            this.session = session;
        }

        @Override
        public void kill(String by, String reason) {
            told.add("killed by " + by + ": " + reason);
        }

        @Override
        public void end(String by, String reason, String how) {
            told.add(how);
        }
    }

    @BeforeEach
    void startNodes(SharedRedis.Deployments redis) {
        settings = redis.get(mode).settings("t" + Ids.random(8));
        nodeA = new Node("node-a");
        nodeB = new Node("node-b");
        RedisDeviceStore devices = new RedisDeviceStore(nodeA.redis);
        for (String device : List.of("CT-01", "CT-02", "MR-07")) {
            devices.upsert(device, d -> new Device(device, "hosp-a", DeviceStatus.ENROLLED, Instant.now()));
        }
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (AutoCloseable closeable : closing) {
            closeable.close();
        }
        opened.forEach(RedisConnections::close);
    }

    @Test
    void aKillOnNodeAEndsTheSessionNodeBRelaysAndRevokesItsGrant() {
        Cuts onB = nodeB.relay("CT-01");
        Eventually.waitFor("node A sees node B's session", WAIT,
                () -> nodeA.fleet.find(onB.session.id()).isPresent());
        assertThat(nodeA.fleet.list()).extracting(LiveSession::id).containsExactly(onB.session.id());

        assertThat(nodeA.fleet.kill(onB.session.id(), "scanner needed", "tanaka")).isTrue();

        Eventually.waitFor("node B cut its session", WAIT, () -> !onB.told.isEmpty());
        assertThat(onB.told).containsExactly("killed by tanaka: scanner needed");
        assertThat(nodeB.grants.find(onB.session.grantId()).orElseThrow().revokedReason())
                .isEqualTo("killed by tanaka: scanner needed");
        assertThat(nodeA.fleet.kill("s-0000000000000000", "x", "tanaka")).isFalse();
    }

    @Test
    void aLockStoodOnNodeAEndsTheSessionsItCoversOnNodeBAndNoOther() {
        Cuts covered = nodeB.relay("CT-01");
        Cuts other = nodeB.relay("MR-07");

        LockView lock = nodeA.locks.lock(TANAKA, new NewLock(new LockTarget("device", "CT-01"), "patient inside", null));

        Eventually.waitFor("node B cut the locked device's session", WAIT, () -> !covered.told.isEmpty());
        assertThat(covered.told.get(0)).isEqualTo("killed by tanaka: patient inside (lock " + lock.id() + ")");
        assertThat(nodeB.grants.find(covered.session.grantId()).orElseThrow().revokedAt()).isNotNull();
        assertThat(other.told).isEmpty();
        assertThat(nodeB.grants.find(other.session.grantId()).orElseThrow().revokedAt()).isNull();
    }

    @Test
    void aDecommissioningOnNodeAEndsTheDevicesSessionOnNodeB() {
        Cuts onB = nodeB.relay("CT-02");
        Eventually.waitFor("node A sees node B's session", WAIT,
                () -> nodeA.fleet.find(onB.session.id()).isPresent());
        // As the device service does: the ledger first, then the cut.
        new RedisDeviceStore(nodeA.redis).upsert("CT-02", d -> d.decommission(
                new dev.hoshu.broker.state.Decommissioning(Instant.now(), "tanaka", "replaced")));

        List<String> ended = nodeA.fleet.endAllOn("CT-02", "tanaka", "replaced",
                "ended: device CT-02 decommissioned by tanaka: replaced");

        assertThat(ended).containsExactly(onB.session.id());
        Eventually.waitFor("node B ended its session", WAIT, () -> !onB.told.isEmpty());
        assertThat(onB.told).containsExactly("ended: device CT-02 decommissioned by tanaka: replaced");
    }

    @Test
    void aDecommissioningOnNodeAClosesTheDevicesTunnelOnNodeBOnlyOnceTheLedgerSaysSo() {
        new RedisDeviceStore(nodeA.redis).upsert("CT-02", d -> d.decommission(
                new dev.hoshu.broker.state.Decommissioning(Instant.now(), "tanaka", "replaced")));

        nodeA.fleet.endAllOn("CT-02", "tanaka", "replaced", "ended: device CT-02 decommissioned by tanaka: replaced");

        Eventually.waitFor("node B closed the device's tunnel", WAIT, () -> !nodeB.closedTunnels.isEmpty());
        assertThat(nodeB.closedTunnels).containsExactly("CT-02: decommissioned by tanaka (on node node-a)");
        assertThat(nodeA.closedTunnels).as("node A closes its own tunnel itself, not from its own cut").isEmpty();
    }

    @Test
    void aForgedOrMalformedCutOnTheChannelEndsNothing() {
        Cuts onB = nodeB.relay("CT-01");
        String channel = RedisKeys.of(settings).cutChannel();
        nodeA.redis.call(c -> c.publish(channel, "{\"kind\":\"lock\",\"target\":\"l-madeup\",\"origin\":\"x\"}"));
        nodeA.redis.call(c -> c.publish(channel, "not json at all"));
        nodeA.redis.call(c -> c.publish(channel, "{\"kind\":\"grant\"}"));
        nodeA.redis.call(c -> c.publish(channel, "x".repeat(70_000)));
        // A device cut for a device still in service, and a grant cut for a grant still live: the store says so.
        nodeA.redis.call(c -> c.publish(channel, "{\"kind\":\"device\",\"target\":\"CT-01\",\"origin\":\"x\","
                + "\"by\":\"mallory\",\"reason\":\"forged\"}"));
        nodeA.redis.call(c -> c.publish(channel, "{\"kind\":\"grant\",\"target\":\"" + onB.session.grantId()
                + "\",\"origin\":\"x\",\"by\":\"mallory\",\"reason\":\"forged\"}"));
        // A real cut published after them arrives, so the forged ones were read and dropped, not still on the way.
        Cuts marker = nodeB.relay("MR-07");
        Eventually.waitFor("node A sees the marker session", WAIT,
                () -> nodeA.fleet.find(marker.session.id()).isPresent());
        assertThat(nodeA.fleet.kill(marker.session.id(), "marker", "tanaka")).isTrue();
        Eventually.waitFor("the marker cut arrived", WAIT, () -> !marker.told.isEmpty());
        assertThat(onB.told).isEmpty();
        assertThat(nodeB.closedTunnels).isEmpty();
    }

    @Test
    void aCutLostOnTheBusIsCaughtUpFromTheSharedStore() {
        Cuts onB = nodeB.relay("CT-01");

        // As if node B's pub/sub connection was away when the kill was published: only the store knows.
        nodeA.grants.revoke(onB.session.grantId(), "killed by tanaka: scanner needed");

        Eventually.waitFor("node B found the revoked grant on its next refresh", WAIT, () -> !onB.told.isEmpty());
        assertThat(onB.told).containsExactly(
                "killed by hoshu: its grant was revoked (killed by tanaka: scanner needed)");
    }
}
