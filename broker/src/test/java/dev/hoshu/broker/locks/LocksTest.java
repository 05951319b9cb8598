package dev.hoshu.broker.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.access.Actor;
import dev.hoshu.access.Category;
import dev.hoshu.access.Grant;
import dev.hoshu.api.service.LockTarget;
import dev.hoshu.api.service.LockView;
import dev.hoshu.api.service.NewLock;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.audit.InMemoryAuditTrail;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.killswitch.SessionRegistry;
import dev.hoshu.broker.notify.CutNotice;
import dev.hoshu.broker.state.Device;
import dev.hoshu.broker.state.DeviceStatus;
import dev.hoshu.broker.state.FileDeviceStore;
import dev.hoshu.broker.state.FileGrantStore;
import dev.hoshu.broker.state.FileLockStore;
import dev.hoshu.broker.state.Lock;
import dev.hoshu.broker.state.LockStore;
import dev.hoshu.broker.state.StateUnavailableException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Locks as hospital staff use them: what each target cuts, the hospital boundary, unlocking, and the audit trail. */
class LocksTest {

    private static final Instant NOW = Instant.parse("2026-11-21T01:00:00Z");
    private static final Actor TANAKA = new Actor("tanaka", "hosp-a", Set.of("approver", "hospital-admin"), "田中");
    private static final Actor KATO = new Actor("kato", "hosp-b", Set.of("approver", "hospital-admin"), "加藤");
    private static final Actor SUZUKI = new Actor("suzuki", "hosp-a", Set.of("auditor"), "鈴木");

    @TempDir
    Path state;

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemoryAuditTrail audit = new InMemoryAuditTrail();
    private final List<String> killed = new ArrayList<>();
    private final List<CutNotice> notices = new ArrayList<>();
    private FileGrantStore grants;
    private SessionRegistry registry;
    private Locks locks;

    @BeforeEach
    void setUp() {
        grants = new FileGrantStore(state, clock);
        FileDeviceStore devices = new FileDeviceStore(state);
        for (String[] device : new String[][] {{"CT-01", "hosp-a"}, {"CT-02", "hosp-a"}, {"MR-09", "hosp-b"}}) {
            devices.upsert(device[0], current -> new Device(device[0], device[1], DeviceStatus.ENROLLED, NOW));
        }
        registry = new SessionRegistry(grants, clock);
        locks = new Locks(new FileLockStore(state), devices, grants, registry, audit, notices::add, clock);
        live("s-1", "g-1", "sato", "medserve", "hosp-a", "CT-01");
        live("s-2", "g-2", "ito", "otherco", "hosp-a", "CT-02");
        live("s-3", "g-3", "sato", "medserve", "hosp-b", "MR-09");
    }

    private void live(String session, String grant, String engineer, String company, String hospital, String device) {
        grants.insert(new Grant(grant, "r-" + grant, engineer, company, hospital, device, Category.MONITOR,
                List.of("selftest"), NOW.minusSeconds(60), NOW.plusSeconds(3600), List.of("appr"), null, null, false, false, false));
        registry.register(new LiveSession(session, grant, engineer, company, hospital, device, "selftest", NOW),
                (by, reason) -> killed.add(session + " by " + by + ": " + reason));
    }

    private LockView lock(Actor actor, String kind, String value) {
        return locks.lock(actor, new NewLock(new LockTarget(kind, value), "scanner needed for a patient", null));
    }

    @Test
    void aLockTheSharedStoreDidNotTakeIsNotReportedMadeButItsSessionsHereEnd() {
        InMemoryLockStore stored = new InMemoryLockStore();
        LockStore away = new LockStore() {
            @Override
            public void insert(Lock lock) {
                throw new StateUnavailableException("Currently not connected", null);
            }

            @Override
            public java.util.Optional<Lock> find(String lockId) {
                return stored.find(lockId);
            }

            @Override
            public List<Lock> all() {
                return stored.all();
            }

            @Override
            public java.util.Optional<Lock> update(String lockId, java.util.function.UnaryOperator<Lock> change) {
                return stored.update(lockId, change);
            }
        };
        Locks onRedis = new Locks(away, new FileDeviceStore(state), grants, registry, audit, notices::add, clock);

        RefusedException failed = assertThrows(RefusedException.class, () -> onRedis.lock(TANAKA,
                new NewLock(new LockTarget("device", "CT-01"), "scanner needed for a patient", null)));

        assertEquals(RefusedException.Status.UNAVAILABLE, failed.status());
        assertTrue(failed.getMessage().matches("failed: lock l-\\w+ \\(device CT-01\\) is not stored in the shared "
                + "state \\(state store unavailable: Currently not connected\\); ended on this node: s-1; another "
                + "node may still admit it: lock again"), failed::getMessage);
        assertEquals(List.of("s-1"), killed.stream().map(k -> k.substring(0, 3)).toList());
        assertEquals("lock.create", audit.events().get(audit.events().size() - 1).action());
        assertEquals(AuditEvent.Outcome.REFUSED, audit.events().get(audit.events().size() - 1).outcome());
        assertTrue(notices.isEmpty(), "no lock notice for a lock that was not made");
    }

    @Test
    void eachTargetEndsExactlyTheLiveSessionsItCoversAtItsOwnHospital() {
        assertEquals(List.of("s-1"), lock(TANAKA, "session", "s-1").endedSessions());
        assertEquals(List.of("s-2"), lock(TANAKA, "device", "CT-02").endedSessions());
        assertTrue(killed.get(0).startsWith("s-1 by tanaka: scanner needed for a patient (lock l-"), killed::toString);
        assertEquals(2, killed.size());
    }

    @Test
    void everyLockAndUnlockIsNoticedWithItsTargetReasonAndWhatItCut() {
        LockView engineer = lock(TANAKA, "engineer", "sato");
        LockView hospital = lock(TANAKA, "hospital", null);
        locks.unlock(TANAKA, engineer.id(), "talked to medserve");

        assertEquals(List.of("lock.created", "lock.created", "lock.removed"),
                notices.stream().map(CutNotice::event).toList());
        CutNotice first = notices.get(0);
        assertEquals("hosp-a", first.hospital());
        assertEquals("tanaka", first.actor());
        assertEquals(new CutNotice.Target("engineer", "sato"), first.target());
        assertEquals(engineer.id(), first.lockId());
        assertEquals("scanner needed for a patient", first.reason());
        assertEquals(List.of("s-1"), first.sessions());
        assertEquals(List.of("g-1"), first.grants());
        assertEquals(NOW, first.at());
        assertEquals(new CutNotice.Target("hospital", "hosp-a"), notices.get(1).target());
        // The fixture's sessions stay registered after a kill, so the hospital lock cuts s-1 again.
        assertEquals(Set.of("s-1", "s-2"), Set.copyOf(notices.get(1).sessions()));
        assertEquals(Set.of("g-2"), Set.copyOf(notices.get(1).grants()), "g-1 was already revoked");
        CutNotice unlocked = notices.get(2);
        assertEquals(engineer.id(), unlocked.lockId());
        assertEquals("talked to medserve", unlocked.reason());
        assertEquals(List.of(), unlocked.sessions());
        assertTrue(hospital.id() != null);
    }

    @Test
    void aRefusedLockOrUnlockIsNotNoticed() {
        assertThrows(RefusedException.class, () -> lock(KATO, "device", "CT-01"));
        LockView mine = lock(TANAKA, "device", "CT-01");
        notices.clear();

        assertThrows(RefusedException.class, () -> locks.unlock(KATO, mine.id(), "not theirs"));
        assertThrows(RefusedException.class, () -> locks.unlock(SUZUKI, mine.id(), "no role"));

        assertEquals(List.of(), notices);
    }

    @Test
    void anEngineerOrCompanyLockBlocksThemAtThisHospitalOnly() {
        LockView lock = lock(TANAKA, "engineer", "sato");

        assertEquals(List.of("s-1"), lock.endedSessions());
        assertEquals(List.of("g-1"), lock.revokedGrants());
        assertTrue(grants.find("g-3").orElseThrow().revokedAt() == null, "sato's grant at hosp-b must stand");
        assertEquals(List.of("s-2"), lock(TANAKA, "company", "otherco").endedSessions());
    }

    @Test
    void aHospitalLockCutsAllOfItsOwnHospitalAndNothingElse() {
        LockView lock = lock(TANAKA, "hospital", null);

        assertEquals("hosp-a", lock.target().value());
        assertEquals(Set.of("s-1", "s-2"), Set.copyOf(lock.endedSessions()));
        assertEquals(Set.of("g-1", "g-2"), Set.copyOf(lock.revokedGrants()));
        assertTrue(new ActiveLocks(new FileLockStore(state), clock)
                .refusal(new LockedSubject(null, "CT-01", "anyone", "anyco", "hosp-a")).orElseThrow()
                .startsWith("refused: remote maintenance of hosp-a is locked by tanaka: scanner needed"));
    }

    @Test
    void anotherHospitalsDevicesSessionsAndHospitalAreRefusedAndAudited() {
        RefusedException device = assertThrows(RefusedException.class, () -> lock(KATO, "device", "CT-01"));
        RefusedException session = assertThrows(RefusedException.class, () -> lock(KATO, "session", "s-1"));
        RefusedException hospital = assertThrows(RefusedException.class, () -> lock(KATO, "hospital", "hosp-a"));

        assertEquals("denied: device CT-01 is not a device of hosp-b", device.getMessage());
        assertEquals("denied: session s-1 is not a session of hosp-b", session.getMessage());
        assertEquals(RefusedException.Status.FORBIDDEN, hospital.status());
        assertTrue(killed.isEmpty());
        assertEquals(3, audit.events().stream().filter(e -> e.outcome() == AuditEvent.Outcome.REFUSED)
                .filter(e -> e.action().equals("lock.create")).count());
    }

    @Test
    void hostileValuesAreRefusedWithOneLine() {
        for (String value : List.of("../../etc/passwd", "CT-01\nfake", "", "x".repeat(200))) {
            RefusedException refused = assertThrows(RefusedException.class, () -> lock(TANAKA, "device", value));
            assertEquals(RefusedException.Status.BAD_REQUEST, refused.status());
            assertEquals(1, refused.getMessage().lines().count(), refused.getMessage());
        }
        assertThrows(RefusedException.class, () -> lock(TANAKA, "planet", "earth"));
        assertThrows(RefusedException.class, () -> locks.lock(TANAKA,
                new NewLock(new LockTarget("device", "CT-01"), " ", null)));
        assertThrows(RefusedException.class, () -> locks.lock(TANAKA,
                new NewLock(new LockTarget("device", "CT-01"), "x", 0)));
        assertThrows(RefusedException.class, () -> lock(SUZUKI, "device", "CT-01"));
    }

    @Test
    void unlockingIsExplicitAuditedAndOnlyOnce() {
        LockView lock = lock(TANAKA, "device", "CT-01");
        assertEquals(1, locks.locks(SUZUKI).size());
        assertThrows(RefusedException.class, () -> locks.unlock(KATO, lock.id(), "not mine"));

        LockView lifted = locks.unlock(TANAKA, lock.id(), "patient done");

        assertEquals("tanaka", lifted.unlockedBy());
        assertEquals("patient done", lifted.unlockReason());
        assertTrue(locks.locks(TANAKA).isEmpty());
        RefusedException again = assertThrows(RefusedException.class, () -> locks.unlock(TANAKA, lock.id(), "x"));
        assertEquals(RefusedException.Status.CONFLICT, again.status());
        List<String> actions = audit.events().stream().map(e -> e.action() + " " + e.outcome()).toList();
        assertEquals(List.of("lock.create ALLOWED", "lock.delete REFUSED", "lock.delete ALLOWED",
                "lock.delete REFUSED"), actions);
    }

    @Test
    void aLockThatCannotBeAuditedDoesNotHappen() {
        audit.failing();

        assertThrows(RuntimeException.class, () -> lock(TANAKA, "device", "CT-01"));

        assertTrue(killed.isEmpty());
        assertTrue(locks.locks(TANAKA).isEmpty());
    }

    @Test
    void aTimeLimitedLockStopsByItself() {
        LockView lock = locks.lock(TANAKA, new NewLock(new LockTarget("device", "CT-01"), "short", 5));
        ActiveLocks later = new ActiveLocks(new FileLockStore(state), Clock.fixed(NOW.plusSeconds(301), ZoneOffset.UTC));

        assertEquals(NOW.plusSeconds(300), lock.expiresAt());
        assertTrue(later.covering(new LockedSubject(null, "CT-01", "sato", "medserve", "hosp-a")).isEmpty());
    }
}
