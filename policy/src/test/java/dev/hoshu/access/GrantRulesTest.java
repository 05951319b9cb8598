package dev.hoshu.access;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GrantRulesTest {

    private static final Instant START = Instant.parse("2026-11-21T00:00:00Z");
    private static final Instant END = Instant.parse("2026-11-21T01:00:00Z");

    private static Grant grant(Instant revokedAt, String revokedReason) {
        return new Grant("g-42", "r-1", "eng-1", "acme", "hosp-a", "CT-01", Category.MONITOR,
                List.of("status", "logcollect"), START, END, List.of("app-1"), revokedAt, revokedReason,
                false, false, false);
    }

    static Stream<Arguments> cases() {
        Grant live = grant(null, null);
        Instant during = START.plusSeconds(600);
        return Stream.of(
                Arguments.of("listed tool in window", live, "CT-01", "status", during, "allowed"),
                Arguments.of("first instant", live, "CT-01", "status", START, "allowed"),
                Arguments.of("other device", live, "MR-02", "status", during,
                        "denied: grant g-42 is for device CT-01, not 'MR-02'"),
                Arguments.of("revoked", grant(during, "killed by app-1: wrong patient"), "CT-01", "status", during,
                        "denied: grant g-42 was revoked: killed by app-1: wrong patient"),
                Arguments.of("revoked without reason", grant(during, null), "CT-01", "status", during,
                        "denied: grant g-42 was revoked"),
                Arguments.of("too early", live, "CT-01", "status", START.minusSeconds(1),
                        "denied: grant g-42 starts at 2026-11-21 09:00 JST"),
                Arguments.of("at the end", live, "CT-01", "status", END,
                        "denied: grant g-42 ended at 2026-11-21 10:00 JST"),
                Arguments.of("tool not granted", live, "CT-01", "rm", during,
                        "denied: tool 'rm' is not in grant g-42 (allowed: status, logcollect)"),
                Arguments.of("hostile tool name", live, "CT-01", "x\u001b[2J", during,
                        "denied: tool 'x\\u001b[2J' is not in grant g-42 (allowed: status, logcollect)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesEachCommand(String name, Grant grant, String device, String tool, Instant now, String expected) {
        assertEquals(expected, GrantRules.mayRun(grant, device, tool, now).reason());
    }
}
