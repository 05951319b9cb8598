package dev.hoshu.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ApprovalRulesTest {

    private static final Instant CREATED = Instant.parse("2026-11-21T00:00:00Z");
    private static final Actor ENGINEER = new Actor("eng-1", "acme-medical", Set.of("engineer", "approver"), "E");
    private static final Actor APPROVER = new Actor("app-1", "hosp-a", Set.of("approver"), "A");
    private static final AccessRequest PENDING = AccessRequest.pending("r-1", ENGINEER, "hosp-a", "CT-01",
            Category.MONITOR, List.of("status"), "noise", 60, CREATED);

    static Stream<Arguments> cases() {
        Instant soon = CREATED.plusSeconds(60);
        return Stream.of(
                Arguments.of("approver of the hospital", PENDING, APPROVER, soon, "allowed"),
                Arguments.of("missing role", PENDING, new Actor("aud-1", "hosp-a", Set.of("auditor"), "Au"), soon,
                        "denied: to %s a request you need the approver role"),
                Arguments.of("other hospital", PENDING, new Actor("app-2", "hosp-b", Set.of("approver"), "B"), soon,
                        "denied: approver of hosp-b cannot act for hosp-a"),
                Arguments.of("own request", PENDING.withStatus(RequestStatus.PENDING),
                        new Actor("eng-1", "hosp-a", Set.of("approver"), "E"), soon,
                        "denied: you cannot %s your own request r-1"),
                Arguments.of("already approved", PENDING.approved("app-9", "g-1"), APPROVER, soon,
                        "denied: request r-1 is already approved"),
                Arguments.of("already denied", PENDING.denied("app-9", "no"), APPROVER, soon,
                        "denied: request r-1 is already denied"),
                Arguments.of("one hour old", PENDING, APPROVER, CREATED.plusSeconds(3600),
                        "denied: request r-1 expired at 2026-11-21 10:00 JST (pending requests expire after 1 hour)"),
                Arguments.of("a shorter configured lifetime", AccessRequest.pending("r-1", ENGINEER, "hosp-a", "CT-01",
                        Category.MONITOR, List.of("status"), "noise", 60, CREATED, null, null, false,
                        CREATED.plusSeconds(900)), APPROVER, CREATED.plusSeconds(900),
                        "denied: request r-1 expired at 2026-11-21 09:15 JST (pending requests expire after 15 minutes)"));
    }

    @ParameterizedTest(name = "approve: {0}")
    @MethodSource("cases")
    void approve(String name, AccessRequest request, Actor approver, Instant now, String expected) {
        assertEquals(expected.formatted("approve"), ApprovalRules.mayApprove(request, approver, now).reason());
    }

    @ParameterizedTest(name = "deny: {0}")
    @MethodSource("cases")
    void deny(String name, AccessRequest request, Actor approver, Instant now, String expected) {
        assertEquals(expected.formatted("deny"), ApprovalRules.mayDeny(request, approver, now).reason());
    }

    @Test
    void expiryIsExactlyOneHourAfterCreation() {
        assertFalse(ApprovalRules.hasExpired(PENDING, CREATED.plusSeconds(3599)));
        assertTrue(ApprovalRules.hasExpired(PENDING, CREATED.plusSeconds(3600)));
        assertEquals(RequestStatus.EXPIRED, PENDING.expired().status());
    }
}
