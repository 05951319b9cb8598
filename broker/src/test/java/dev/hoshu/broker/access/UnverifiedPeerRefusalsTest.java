package dev.hoshu.broker.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.audit.AuditedAct;
import dev.hoshu.broker.audit.InMemoryAuditTrail;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UnverifiedPeerRefusalsTest {

    private final InMemoryAuditTrail audit = new InMemoryAuditTrail();
    private final TestClock clock = new TestClock(Instant.parse("2026-11-21T01:00:00Z"));
    private final UnverifiedPeerRefusals refusals = new UnverifiedPeerRefusals(audit, "device.tunnel", clock, 2);

    private void refuse(String reason) {
        refusals.refuse(new AuditedAct(audit, "device.tunnel", "device:unverified", null)
                .detail("remote", "/127.0.0.1:40000"), reason);
    }

    @Test
    void aFloodIsItemisedUpToTheBudgetAndTheRestCountedInOneLine() {
        for (int i = 0; i < 5; i++) {
            refuse("TLS handshake failed: no TLS handshake within the handshake timeout (slow or silent peer)");
        }
        assertThat(audit.events()).hasSize(2).allSatisfy(event -> {
            assertThat(event.outcome()).isEqualTo(AuditEvent.Outcome.REFUSED);
            assertThat(event.reason()).contains("slow or silent peer");
            assertThat(event.details()).containsEntry("remote", "/127.0.0.1:40000");
        });

        clock.advance(Duration.ofMinutes(1));
        refuse("peer does not speak hoshu-tunnel/1 (ALPN)");

        assertThat(audit.events()).hasSize(4);
        AuditEvent summary = audit.events().get(2);
        assertThat(summary.action()).isEqualTo("device.tunnel");
        assertThat(summary.reason()).isEqualTo(
                "3 further refusals of unverified peers in the previous minute were not itemised");
        assertThat(summary.details()).containsEntry("count", "3");
        assertThat(audit.events().get(3).reason()).isEqualTo("peer does not speak hoshu-tunnel/1 (ALPN)");
    }

    @Test
    void anUnwritableAuditLogDoesNotStopTheRefusal() {
        InMemoryAuditTrail failing = new InMemoryAuditTrail().failing();
        UnverifiedPeerRefusals budget = new UnverifiedPeerRefusals(failing, "device.enroll", clock, 2);

        budget.refuse(new AuditedAct(failing, "device.enroll", "device:unknown", null), "malformed enrollment request");

        assertThat(failing.events()).isEmpty();
    }
}
