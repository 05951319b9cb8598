package dev.hoshu.broker.killswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.access.Grant;
import dev.hoshu.broker.state.GrantLookup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SessionRegistryTest {

    private final List<String> revoked = new ArrayList<>();
    private final List<String> killed = new ArrayList<>();
    private final SessionRegistry registry = new SessionRegistry(new GrantLookup() {
        @Override
        public Optional<Grant> find(String grantId) {
            return Optional.empty();
        }

        @Override
        public void revoke(String grantId, String reason) {
            revoked.add(grantId + ": " + reason);
            killed.add("revoked before kill");
        }
    });

    private static LiveSession session(String id, Instant started) {
        return new LiveSession(id, "g-1", "eng-1", "acme", "hosp-a", "CT-01", "status", started);
    }

    @Test
    void killRevokesTheGrantFirstThenEndsTheSession() {
        registry.register(session("s-1", Instant.EPOCH), (by, reason) -> killed.add(by + ": " + reason));

        assertTrue(registry.kill("s-1", "emergency scan", "appr-1"));

        assertEquals(List.of("g-1: killed by appr-1: emergency scan"), revoked);
        assertEquals(List.of("revoked before kill", "appr-1: emergency scan"), killed);
    }

    @Test
    void aKillEndsEverySessionUnderTheGrantItRevokes() {
        registry.register(session("s-1", Instant.EPOCH), (by, reason) -> killed.add("s-1 " + reason));
        registry.register(session("s-2", Instant.EPOCH), (by, reason) -> killed.add("s-2 " + reason));
        registry.register(new LiveSession("s-3", "g-other", "eng-2", "acme", "hosp-a", "CT-01", "status", Instant.EPOCH),
                (by, reason) -> killed.add("s-3 " + reason));

        assertTrue(registry.kill("s-1", "emergency scan", "appr-1"));

        assertTrue(killed.contains("s-1 emergency scan") && killed.contains("s-2 emergency scan"), killed::toString);
        assertTrue(killed.stream().noneMatch(k -> k.startsWith("s-3")), "a session under another grant was cut");
    }

    @Test
    void killOfAnUnknownOrMalformedSessionIsFalse() {
        assertFalse(registry.kill("s-404", "x", "appr-1"));
        assertFalse(registry.kill(null, "x", "appr-1"));
        assertFalse(registry.kill("../../etc/passwd", "x", "appr-1"));
        assertTrue(revoked.isEmpty());
    }

    @Test
    void listIsOrderedByStartAndForgetsEndedSessions() {
        registry.register(session("s-b", Instant.ofEpochSecond(20)), (by, reason) -> { });
        registry.register(session("s-a", Instant.ofEpochSecond(10)), (by, reason) -> { });

        assertEquals(List.of("s-a", "s-b"), registry.list().stream().map(LiveSession::id).toList());
        registry.unregister("s-a");
        assertEquals(Optional.empty(), registry.find("s-a"));
        assertEquals("s-b", registry.find("s-b").orElseThrow().id());
    }

    @Test
    void aSessionIdCannotBeRegisteredTwice() {
        registry.register(session("s-1", Instant.EPOCH), (by, reason) -> { });
        assertThrows(IllegalStateException.class, () -> registry.register(session("s-1", Instant.EPOCH), (by, r) -> { }));
    }

    @Test
    void sessionIdsAreRandomAndPlain() {
        Set<String> ids = IntStream.range(0, 1000).mapToObj(i -> SessionRegistry.newSessionId()).collect(Collectors.toSet());
        assertEquals(1000, ids.size());
        assertTrue(ids.stream().allMatch(id -> id.matches("s-[0-9a-f]{16}")));
    }

    @Test
    void aKilledSessionKeepsItsStatusAndOnlyItsOwnDeviceCanConfirmTheStop() {
        List<DeviceStop> forwarded = new ArrayList<>();
        registry.register(session("s-1", Instant.EPOCH), new KillTarget() {
            @Override
            public void kill(String by, String reason) {
                killed.add(by);
            }

            @Override
            public void deviceStopped(DeviceStop stop) {
                forwarded.add(stop);
            }
        });
        registry.kill("s-1", "emergency scan", "appr-1");
        registry.unregister("s-1");

        registry.deviceStopped("CT-99", new DeviceStop("s-1", 3, Instant.EPOCH, Instant.EPOCH));
        assertEquals(null, registry.status("s-1").orElseThrow().deviceStop(), "another device's report was believed");
        registry.deviceStopped("CT-01", new DeviceStop("s-1", 2, Instant.EPOCH, Instant.ofEpochSecond(5)));

        SessionStatus status = registry.status("s-1").orElseThrow();
        assertEquals(SessionState.KILLED, status.state());
        assertEquals("appr-1", status.killedBy());
        assertEquals(2, status.deviceStop().processes());
        assertEquals(1, forwarded.size());
        assertTrue(registry.list().isEmpty());
    }

    @Test
    void onlyACutSessionsStopConfirmationFromItsOwnDeviceIsPassedOn() {
        List<SessionStatus> heard = new ArrayList<>();
        registry.whenDeviceStops(heard::add);
        registry.whenDeviceStops(status -> {
            throw new IllegalStateException("a broken listener");
        });
        registry.register(session("s-1", Instant.EPOCH), (by, reason) -> { });
        registry.register(session("s-2", Instant.EPOCH), (by, reason) -> { });
        registry.unregister("s-2");
        registry.deviceStopped("CT-01", new DeviceStop("s-2", 1, Instant.EPOCH, Instant.EPOCH));
        registry.kill("s-1", "emergency scan", "appr-1");

        registry.deviceStopped("CT-99", new DeviceStop("s-1", 3, Instant.EPOCH, Instant.EPOCH));
        registry.deviceStopped("CT-01", new DeviceStop("s-1", 2, Instant.EPOCH, Instant.ofEpochSecond(5)));

        assertEquals(1, heard.size(), "an ended session's stop and another device's report are not cuts: " + heard);
        assertEquals("s-1", heard.get(0).session().id());
        assertEquals(2, heard.get(0).deviceStop().processes());
    }

    @Test
    void aRepeatedStopConfirmationTellsTheHospitalOnlyOnce() {
        List<SessionStatus> heard = new ArrayList<>();
        registry.whenDeviceStops(heard::add);
        registry.register(session("s-1", Instant.EPOCH), (by, reason) -> { });
        registry.kill("s-1", "emergency scan", "appr-1");
        registry.unregister("s-1");

        registry.deviceStopped("CT-01", new DeviceStop("s-1", 2, Instant.EPOCH, Instant.ofEpochSecond(5)));
        registry.deviceStopped("CT-01", new DeviceStop("s-1", 2, Instant.EPOCH, Instant.ofEpochSecond(5)));
        registry.deviceStopped("CT-01", new DeviceStop("s-1", 0, Instant.EPOCH, Instant.ofEpochSecond(9)));

        assertEquals(1, heard.size(), "each repeated confirmation was passed on: " + heard);
        assertEquals(2, heard.get(0).deviceStop().processes());
        assertEquals(2, registry.status("s-1").orElseThrow().deviceStop().processes(), "a later repeat overwrote it");
    }

    @Test
    void aStopReportedBeforeTheKillIsPassedOnOnceTheDeviceConfirmsAfterIt() {
        List<SessionStatus> heard = new ArrayList<>();
        registry.whenDeviceStops(heard::add);
        registry.register(session("s-1", Instant.EPOCH), (by, reason) -> { });

        registry.deviceStopped("CT-01", new DeviceStop("s-1", 1, Instant.EPOCH, Instant.EPOCH));
        assertTrue(heard.isEmpty(), "a session nobody killed was reported as cut: " + heard);
        registry.kill("s-1", "switched off on site", "device:CT-01");
        registry.deviceStopped("CT-01", new DeviceStop("s-1", 1, Instant.EPOCH, Instant.EPOCH));
        registry.deviceStopped("CT-01", new DeviceStop("s-1", 1, Instant.EPOCH, Instant.EPOCH));

        assertEquals(1, heard.size(), heard::toString);
        assertEquals("device:CT-01", heard.get(0).killedBy());
    }

    @Test
    void aSessionThatEndsByItselfIsEndedNotKilled() {
        registry.register(session("s-1", Instant.EPOCH), (by, reason) -> { });
        registry.unregister("s-1");

        assertEquals(SessionState.ENDED, registry.status("s-1").orElseThrow().state());
        assertEquals(Optional.empty(), registry.status("s-unknown"));
    }
}
