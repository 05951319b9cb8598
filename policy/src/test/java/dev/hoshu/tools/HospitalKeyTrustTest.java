package dev.hoshu.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HospitalKeyTrustTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final String DEMO = KeyIds.of(Ed25519Keys.generate().getPublic());
    private static final String OTHER = KeyIds.of(Ed25519Keys.generate().getPublic());

    @Test
    void aKeyIdIsWhatKeygenPrintsAndNothingElse() {
        assertEquals(DEMO, HospitalKeyTrust.checkedKeyId(DEMO));
        for (String hostile : List.of("", "sha256:", "../../etc/passwd", DEMO + "\n", "sha256:" + "A".repeat(44),
                "sha256:" + "A".repeat(42) + ";")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> HospitalKeyTrust.checkedKeyId(hostile));
            assertTrue(refused.getMessage().startsWith("refused: ") && !refused.getMessage().contains("\n"),
                    refused.getMessage());
        }
    }

    @Test
    void trustingTwiceKeepsOneEntryAndUntrustingTheLastKeyTrustsNothing() {
        HospitalKeyTrust none = new HospitalKeyTrust("hosp-a", List.of(), null, null);
        HospitalKeyTrust one = none.with(DEMO, "tanaka", NOW).with(DEMO, "tanaka", NOW);
        assertEquals(List.of(DEMO), one.keyIds());
        assertTrue(one.trusts(DEMO));
        assertFalse(one.trusts(OTHER));

        HospitalKeyTrust emptied = one.without(DEMO, "tanaka", NOW);
        assertEquals(List.of(), emptied.keyIds());
        assertFalse(emptied.trusts(DEMO));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> emptied.without(OTHER, "tanaka", NOW));
        assertEquals("refused: hosp-a does not trust " + OTHER, refused.getMessage());
    }
}
