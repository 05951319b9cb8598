package dev.hoshu.broker.access;

import static dev.hoshu.broker.access.Actors.NAKAMURA;
import static dev.hoshu.broker.access.Actors.KATO;
import static dev.hoshu.broker.access.Actors.SATO;
import static dev.hoshu.broker.access.Actors.SATO_OF_KYOWA;
import static dev.hoshu.broker.access.Actors.SUZUKI;
import static dev.hoshu.broker.access.Actors.TANAKA;
import static dev.hoshu.broker.access.Actors.YAMADA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.SessionView;
import dev.hoshu.broker.audit.InMemoryAuditTrail;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.killswitch.LiveSessions;
import dev.hoshu.broker.killswitch.DeviceStop;
import dev.hoshu.broker.killswitch.SessionState;
import dev.hoshu.broker.killswitch.SessionStatus;
import dev.hoshu.broker.notify.CutNotice;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class SessionsTest {

    static final Instant T0 = Instant.parse("2026-11-21T01:00:00Z");

    /** Live sessions held in a map; kills are remembered. */
    static final class FakeLiveSessions implements LiveSessions {
        final Map<String, LiveSession> running = new ConcurrentHashMap<>();
        final List<String> kills = new ArrayList<>();

        @Override
        public List<LiveSession> list() {
            return List.copyOf(running.values());
        }

        @Override
        public Optional<LiveSession> find(String sessionId) {
            return Optional.ofNullable(sessionId == null ? null : running.get(sessionId));
        }

        @Override
        public boolean kill(String sessionId, String reason, String by) {
            kills.add(sessionId + "|" + reason + "|" + by);
            return running.remove(sessionId) != null;
        }
    }

    FakeLiveSessions live = new FakeLiveSessions();
    InMemoryAuditTrail audit = new InMemoryAuditTrail();
    List<CutNotice> notices = new ArrayList<>();
    Sessions sessions = new Sessions(live, audit, null, notices::add, Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC));

    {
        live.running.put("s-a", new LiveSession("s-a", "g-1", "sato", "medserve", "hosp-a", "CT-01", "status", T0));
        live.running.put("s-b", new LiveSession("s-b", "g-2", "yamada", "medserve", "hosp-b", "MR-07", "logcollect",
                T0.plusSeconds(5)));
    }

    @Test
    void staffSeeTheirHospitalAndEngineersTheirOwn() {
        assertThat(sessions.sessions(TANAKA)).extracting(SessionView::id).containsExactly("s-a");
        assertThat(sessions.sessions(SUZUKI)).extracting(SessionView::id).containsExactly("s-a");
        assertThat(sessions.sessions(KATO)).extracting(SessionView::id).containsExactly("s-b");
        assertThat(sessions.sessions(SATO)).extracting(SessionView::id).containsExactly("s-a");
        assertThat(sessions.sessions(YAMADA)).extracting(SessionView::id).containsExactly("s-b");
    }

    @Test
    void anotherCompanysEngineerSeesNoneOfItEvenUnderTheSameUserName() {
        for (var stranger : List.of(NAKAMURA, SATO_OF_KYOWA)) {
            assertThat(sessions.sessions(stranger)).isEmpty();
            assertThatThrownBy(() -> sessions.session(stranger, "s-a"))
                    .isInstanceOfSatisfying(RefusedException.class, r -> {
                        assertThat(r.status()).isEqualTo(RefusedException.Status.NOT_FOUND);
                        assertThat(r.getMessage()).isEqualTo("unknown session s-a");
                    });
        }
        assertThat(sessions.session(SATO, "s-a").engineer()).isEqualTo("sato");
    }

    @Test
    void killEndsTheSessionNamingWhoAndWhy() {
        assertThat(sessions.kill(TANAKA, "s-a", "patient arriving").killed()).isTrue();
        assertThat(live.kills).containsExactly("s-a|patient arriving|tanaka");
    }

    @Test
    void aKillIsNoticedWithEverySessionOfTheRevokedGrant() {
        live.running.put("s-c", new LiveSession("s-c", "g-1", "sato", "medserve", "hosp-a", "CT-01", "logcollect", T0));

        sessions.kill(TANAKA, "s-a", "patient arriving");

        assertThat(notices).hasSize(1);
        CutNotice notice = notices.get(0);
        assertThat(notice.event()).isEqualTo("session.killed");
        assertThat(notice.hospital()).isEqualTo("hosp-a");
        assertThat(notice.actor()).isEqualTo("tanaka");
        assertThat(notice.reason()).isEqualTo("patient arriving");
        assertThat(notice.target()).isEqualTo(new CutNotice.Target("session", "s-a"));
        assertThat(notice.sessions()).containsExactlyInAnyOrder("s-a", "s-c");
        assertThat(notice.grants()).containsExactly("g-1");
        assertThat(notice.at()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void aRefusedKillIsNotNoticed() {
        assertThatThrownBy(() -> sessions.kill(KATO, "s-a", "x")).isInstanceOf(RefusedException.class);
        assertThatThrownBy(() -> sessions.kill(TANAKA, "s-nope", "x")).isInstanceOf(RefusedException.class);
        assertThat(notices).isEmpty();
    }

    @Test
    void theDevicesStopConfirmationIsNoticedAsTheDevicesWord() {
        LiveSession session = live.running.get("s-a");
        sessions.deviceStopped(new SessionStatus(session, SessionState.KILLED, T0.plusSeconds(10), "tanaka",
                new DeviceStop("s-a", 3, T0.plusSeconds(11), T0.plusSeconds(11))));

        CutNotice notice = notices.get(0);
        assertThat(notice.event()).isEqualTo("session.stopped");
        assertThat(notice.actor()).isEqualTo("device:CT-01");
        assertThat(notice.hospital()).isEqualTo("hosp-a");
        assertThat(notice.sessions()).containsExactly("s-a");
        assertThat(notice.processes()).isEqualTo(3);
        assertThat(notice.at()).isEqualTo(T0.plusSeconds(11));
    }

    @Test
    void killIsRefusedAcrossHospitalsAndWithoutTheRole() {
        assertThatThrownBy(() -> sessions.kill(KATO, "s-a", "x"))
                .isInstanceOfSatisfying(RefusedException.class, r -> {
                    assertThat(r.status()).isEqualTo(RefusedException.Status.FORBIDDEN);
                    assertThat(r.getMessage()).isEqualTo("denied: session s-a runs on a device of hosp-a, not hosp-b");
                });
        assertThatThrownBy(() -> sessions.kill(SUZUKI, "s-a", "x"))
                .hasMessage("denied: killing a session needs the approver or hospital-admin role");
        assertThatThrownBy(() -> sessions.kill(SATO, "s-a", "x")).isInstanceOf(RefusedException.class);
        assertThat(live.kills).isEmpty();
    }

    @Test
    void unknownSessionIs404() {
        assertThatThrownBy(() -> sessions.kill(TANAKA, "s-nope", "x"))
                .isInstanceOfSatisfying(RefusedException.class, r -> {
                    assertThat(r.status()).isEqualTo(RefusedException.Status.NOT_FOUND);
                    assertThat(r.getMessage()).isEqualTo("unknown session s-nope");
                });
    }
}
