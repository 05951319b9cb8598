package dev.hoshu.tools;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalog's facts applied to a verified tool, for a run and for a transfer: the same rule, two lines. */
class ToolStandingTest {

    private static final String SIGNER = "sha256:" + "S".repeat(43);
    private static final String OTHER = "sha256:" + "O".repeat(43);
    private final VerifiedTool logcollect = new VerifiedTool(new ToolManifest("logcollect", "1.0.0", "Example Medical",
            List.of("CT-X"), "run.sh", List.of(new ToolFile("run.sh", "0".repeat(64))), null, 60, false, false, "VV-1",
            List.of()), Path.of("/t/logcollect"), Path.of("/t/logcollect/run.sh"), SIGNER);

    @Test
    void aRevokedVersionIsRefusedForARunAndForATransfer() {
        ToolStanding standing = new ToolStanding(List.of("0.9.0", "1.0.0"), null);

        assertEquals("refused: tool 'logcollect' version 1.0.0 is revoked by the manufacturer or operator; it may not "
                + "run (ask for a current version)", refusal(standing, ToolStanding.Use.RUN));
        assertEquals("refused: tool 'logcollect' version 1.0.0 is revoked by the manufacturer or operator; its transfer "
                + "folders are closed (ask for a current version)", refusal(standing, ToolStanding.Use.TRANSFER));
    }

    @Test
    void aKeyTheHospitalDoesNotListIsRefusedAndAnEmptyListTrustsNothing() {
        for (List<String> keys : List.of(List.of(OTHER), List.<String>of())) {
            ToolStanding standing = new ToolStanding(List.of(), keys);
            assertEquals("refused: tool 'logcollect' is signed by key " + SIGNER + ", which this device's hospital "
                    + "does not trust (hoshu tools trust)", refusal(standing, ToolStanding.Use.RUN));
            assertEquals("refused: tool 'logcollect' is signed by key " + SIGNER + ", which this device's hospital "
                    + "does not trust (hoshu tools trust); its transfer folders are closed",
                    refusal(standing, ToolStanding.Use.TRANSFER));
        }
    }

    @Test
    void anotherVersionRevokedAndTheSignerTrustedOrNoHospitalListPass() {
        for (ToolStanding standing : List.of(new ToolStanding(List.of("0.9.0"), List.of(OTHER, SIGNER)),
                new ToolStanding(null, null))) {
            for (ToolStanding.Use use : ToolStanding.Use.values()) {
                assertDoesNotThrow(() -> standing.check("logcollect", logcollect, use));
            }
        }
    }

    private String refusal(ToolStanding standing, ToolStanding.Use use) {
        return assertThrows(ToolRefusedException.class, () -> standing.check("logcollect", logcollect, use)).getMessage();
    }
}
