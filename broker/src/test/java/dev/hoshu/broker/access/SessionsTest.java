package dev.hoshu.broker.access;

import static dev.hoshu.broker.access.Actors.KATO;
import static dev.hoshu.broker.access.Actors.SATO;
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
    Sessions sessions = new Sessions(live, audit);

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
    void killEndsTheSessionNamingWhoAndWhy() {
        assertThat(sessions.kill(TANAKA, "s-a", "patient arriving").killed()).isTrue();
        assertThat(live.kills).containsExactly("s-a|patient arriving|tanaka");
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
