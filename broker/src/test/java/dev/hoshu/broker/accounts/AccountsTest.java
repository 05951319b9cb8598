package dev.hoshu.broker.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.access.Actor;
import dev.hoshu.access.Category;
import dev.hoshu.access.Grant;
import dev.hoshu.api.service.AccountReview;
import dev.hoshu.api.service.AccountView;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.audit.InMemoryAuditTrail;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.killswitch.SessionRegistry;
import dev.hoshu.broker.locks.ActiveLocks;
import dev.hoshu.broker.locks.LockedSubject;
import dev.hoshu.broker.locks.Locks;
import dev.hoshu.broker.state.AccountStore;
import dev.hoshu.broker.state.FileDeviceStore;
import dev.hoshu.broker.state.FileGrantStore;
import dev.hoshu.broker.state.FileLockStore;
import dev.hoshu.broker.state.RecordCollections;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger fed by API calls and audit events, the review as each reviewer sees it, and disabling: one line on
 * every API call, engineer locks that revoke grants and end sessions, and enabling that lifts them.
 */
class AccountsTest {

    private static final Instant T0 = Instant.parse("2026-08-01T01:00:00Z");
    private static final Actor SATO = new Actor("sato", "medserve", Set.of("engineer"), "佐藤");
    private static final Actor ITO = new Actor("ito", "otherco", Set.of("engineer"), "伊藤");
    private static final Actor TANAKA = new Actor("tanaka", "hosp-a", Set.of("approver", "hospital-admin"), "田中");
    private static final Actor SUZUKI = new Actor("suzuki", "hosp-a", Set.of("auditor"), "鈴木");
    private static final Actor KATO = new Actor("kato", "hosp-b", Set.of("approver", "hospital-admin"), "加藤");
    private static final Actor OPS = new Actor("ops", "hoshu-platform", Set.of("operator"), "運用");

    /** A clock the test moves by hand. */
    private static final class MovingClock extends Clock {
        private volatile Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @TempDir
    Path state;

    private final MovingClock clock = new MovingClock();
    private final InMemoryAuditTrail audit = new InMemoryAuditTrail();
    private final List<String> killed = new ArrayList<>();
    private FileGrantStore grants;
    private SessionRegistry live;
    private ActiveLocks activeLocks;
    private AccountLedger ledger;
    private Accounts accounts;

    @BeforeEach
    void setUp() {
        AccountStore store = new AccountStore(RecordCollections.inFolder(state));
        grants = new FileGrantStore(state, clock);
        live = new SessionRegistry(grants, clock);
        FileLockStore lockStore = new FileLockStore(state);
        activeLocks = new ActiveLocks(lockStore, clock);
        Locks locks = new Locks(lockStore, new FileDeviceStore(state), grants, live, audit, clock);
        ledger = new AccountLedger(store, clock);
        accounts = new Accounts(store, ledger, grants, locks, audit, clock);
    }

    /** Everyone calls the API once; sato asks hosp-a for access and works there; ito asks hosp-b. */
    private void everyoneSeen() {
        for (Actor actor : List.of(SATO, ITO, TANAKA, SUZUKI, KATO, OPS)) {
            accounts.apiUse(actor, "GET /api/v1/requests");
        }
        ledger.observe(AuditEvent.allowed("request.create", "sato", "medserve", "hosp-a", "r-1", Map.of()));
        ledger.observe(AuditEvent.allowed("request.create", "ito", "otherco", "hosp-b", "r-2", Map.of()));
        ledger.observe(AuditEvent.refused("request.create", "ito", "otherco", "hosp-a", "r-3", "no", Map.of()));
    }

    private void liveSession(String session, String grant, String hospital, String device) {
        grants.insert(new Grant(grant, "r-" + grant, "sato", "medserve", hospital, device, Category.MONITOR,
                List.of("status"), clock.now.minusSeconds(60), clock.now.plusSeconds(3600), List.of("tanaka"), null,
                null, false, false, false));
        live.register(new LiveSession(session, grant, "sato", "medserve", hospital, device, "status", clock.now),
                (by, reason) -> killed.add(session + " by " + by + ": " + reason));
    }

    private static List<String> subjects(AccountReview review) {
        return review.accounts().stream().map(AccountView::subject).toList();
    }

    @Test
    void aHospitalAdminReviewsTheirStaffAndTheEngineersWhoAskedThem() {
        everyoneSeen();
        assertEquals(List.of("suzuki", "tanaka", "sato"), subjects(accounts.review(TANAKA, 90)));
        assertEquals(List.of("kato", "ito"), subjects(accounts.review(KATO, 90)));
        assertEquals(List.of("ops", "suzuki", "tanaka", "kato", "sato", "ito"), subjects(accounts.review(OPS, 90)));
        AccountView sato = accounts.review(TANAKA, 90).accounts().get(2);
        assertEquals(List.of("engineer"), sato.roles());
        assertEquals(List.of("hosp-a"), sato.hospitals());
        assertEquals("denied: reviewing accounts needs the hospital-admin or operator role",
                assertThrows(RefusedException.class, () -> accounts.review(SUZUKI, 90)).getMessage());
        assertEquals("account.review", audit.events().get(audit.events().size() - 1).action());
    }

    @Test
    void engineersIdleLongerThanTheDormantDaysAreFlagged() {
        everyoneSeen();
        clock.now = T0.plus(Duration.ofDays(40));
        ledger.observe(AuditEvent.allowed("session.start", "ito", "otherco", "hosp-b", "s-1", Map.of()));
        clock.now = T0.plus(Duration.ofDays(100));
        AccountReview review = accounts.review(OPS, 90);
        assertEquals(List.of("sato"), review.accounts().stream().filter(AccountView::dormant).map(AccountView::subject)
                .toList(), "staff are never flagged; ito had a session 60 days ago");
        assertEquals(T0.plus(Duration.ofDays(40)), review.accounts().stream()
                .filter(a -> a.subject().equals("ito")).findFirst().orElseThrow().lastSshSession());
        assertTrue(accounts.review(OPS, 30).accounts().stream().filter(a -> a.subject().equals("ito"))
                .allMatch(AccountView::dormant));
    }

    @Test
    void disablingEverywhereRefusesEveryCallAndLocksTheEngineerWhereHeWorks() {
        everyoneSeen();
        liveSession("s-1", "g-1", "hosp-a", "CT-01");
        liveSession("s-2", "g-2", "hosp-b", "MR-09");
        clock.now = T0.plusSeconds(60);

        AccountView disabled = accounts.disable(OPS, "sato", "left medserve");

        assertEquals(1, disabled.disabled().size());
        assertEquals("everywhere", disabled.disabled().get(0).scope());
        assertEquals(2, disabled.disabled().get(0).locks().size(), "hosp-a where he asked, hosp-b where he holds a grant");
        assertEquals(2, killed.size(), killed.toString());
        assertTrue(grants.find("g-1").orElseThrow().revokedAt() != null);
        assertTrue(grants.find("g-2").orElseThrow().revokedAt() != null);
        assertTrue(activeLocks.refusal(new LockedSubject(null, "CT-01", "sato", "medserve", "hosp-a")).orElseThrow()
                .contains("account sato disabled: left medserve"));

        RefusedException refused = assertThrows(RefusedException.class,
                () -> accounts.apiUse(SATO, "POST /api/v1/requests"));
        assertEquals(RefusedException.Status.FORBIDDEN, refused.status());
        assertEquals("denied: account sato was disabled by ops on 2026-08-01 10:01 JST: left medserve",
                refused.getMessage());
        AuditEvent refusal = audit.events().get(audit.events().size() - 1);
        assertEquals("api.call", refusal.action());
        assertEquals(AuditEvent.Outcome.REFUSED, refusal.outcome());
        assertEquals("POST /api/v1/requests", refusal.details().get("call"));
        assertTrue(audit.events().stream().anyMatch(e -> e.action().equals("account.disable")
                && e.outcome() == AuditEvent.Outcome.ALLOWED && "ops".equals(e.actor())));
        assertEquals(2, audit.events().stream().filter(e -> e.action().equals("lock.create")).count());

        accounts.enable(OPS, "sato", "rehired");
        accounts.apiUse(SATO, "GET /api/v1/requests");
        assertTrue(activeLocks.refusal(new LockedSubject(null, "CT-01", "sato", "medserve", "hosp-a")).isEmpty());
        assertTrue(grants.find("g-1").orElseThrow().revokedAt() != null, "revoked grants stay revoked");
    }

    @Test
    void aHospitalCutsAnotherCompanysEngineerAtItselfOnly() {
        everyoneSeen();
        AccountView disabled = accounts.disable(TANAKA, "sato", "dormant for a year");
        assertEquals("hosp-a", disabled.disabled().get(0).scope());
        accounts.apiUse(SATO, "GET /api/v1/requests");
        assertTrue(activeLocks.refusal(new LockedSubject(null, "CT-01", "sato", "medserve", "hosp-a")).isPresent());
        assertTrue(activeLocks.refusal(new LockedSubject(null, "MR-09", "sato", "medserve", "hosp-b")).isEmpty());
        assertEquals(List.of(), accounts.review(KATO, 90).accounts().stream()
                .filter(a -> a.subject().equals("sato")).toList(), "kato never saw sato ask");

        assertEquals("unknown account sato", assertThrows(RefusedException.class,
                () -> accounts.enable(KATO, "sato", "mine now")).getMessage());
        assertEquals("unknown account tanaka", assertThrows(RefusedException.class,
                () -> accounts.disable(KATO, "tanaka", "hostile")).getMessage());
        assertTrue(accounts.review(OPS, 90).accounts().stream().anyMatch(a -> a.subject().equals("sato")
                && a.disabled().get(0).scope().equals("hosp-a")));
        assertEquals(RefusedException.Status.CONFLICT, assertThrows(RefusedException.class,
                () -> accounts.disable(TANAKA, "sato", "again")).status());
        accounts.enable(TANAKA, "sato", "contract renewed");
        assertTrue(activeLocks.refusal(new LockedSubject(null, "CT-01", "sato", "medserve", "hosp-a")).isEmpty());
    }

    @Test
    void hostileOrPointlessDisablesAreRefusedInOneLineAndAudited() {
        everyoneSeen();
        assertEquals("refused: you cannot disable your own account",
                assertThrows(RefusedException.class, () -> accounts.disable(OPS, "ops", "oops")).getMessage());
        assertEquals("refused: disabling an account needs a reason",
                assertThrows(RefusedException.class, () -> accounts.disable(OPS, "sato", " ")).getMessage());
        assertEquals("unknown account ../../etc/passwd", assertThrows(RefusedException.class,
                () -> accounts.disable(OPS, "../../etc/passwd", "x")).getMessage());
        assertEquals(RefusedException.Status.BAD_REQUEST, assertThrows(RefusedException.class,
                () -> accounts.disable(OPS, "x".repeat(300), "x")).status());
        assertEquals("denied: disabling an account needs the hospital-admin or operator role",
                assertThrows(RefusedException.class, () -> accounts.disable(SATO, "ito", "rival")).getMessage());
        assertEquals("refused: account sato is not disabled",
                assertThrows(RefusedException.class, () -> accounts.enable(OPS, "sato", "x")).getMessage());
        accounts.disable(OPS, "suzuki", "left hosp-a");
        assertEquals("denied: account suzuki was disabled by ops of hoshu-platform; only they or the platform operator"
                + " can enable it", assertThrows(RefusedException.class,
                () -> accounts.enable(TANAKA, "suzuki", "came back")).getMessage());
        assertEquals(7, audit.events().stream().filter(e -> e.outcome() == AuditEvent.Outcome.REFUSED
                && e.action().startsWith("account.")).count());
        assertFalse(audit.events().stream().anyMatch(e -> e.toString().contains("\n")));
    }
}
