package dev.hoshu.agent.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hoshu.tools.ToolFile;
import dev.hoshu.tools.ToolManifest;

/**
 * A caution line cannot steer the engineer's terminal or disguise what it says: C0 and C1 controls and invisible
 * Unicode format characters each show as one {@code ?}; ordinary non-ASCII text shows as written.
 */
class CautionsTest {

    @Test
    void controlAndFormatCharactersShowAsQuestionMarks() {
        String caution = "Stops\u009B2J the gantry"          // C1 CSI: a terminal reads it as ESC [
                + " \u0085next"                               // C1 next line
                + " \u001B[31mred"                            // C0 ESC
                + " evil\u202Etxt.exe"                        // right-to-left override
                + " zero\u200Bwidth"                          // zero-width space
                + " line\u2028break"                          // line separator
                + " tag\uDB40\uDC01end"                       // U+E0001 LANGUAGE TAG (format, outside the BMP)
                + " – Röntgen 線量 \uD83D\uDE00";              // printable text is left alone

        assertEquals("hoshu: caution (status 1.0.0): Stops?2J the gantry ?next ?[31mred evil?txt.exe zero?width "
                + "line?break tag?end – Röntgen 線量 \uD83D\uDE00\n", shown(caution, false));
    }

    @Test
    void aTerminalLineEndsWithCarriageReturnAndLineFeed() {
        assertEquals("hoshu: caution (status 1.0.0): Read-only.\r\n", shown("Read-only.", true));
    }

    private static String shown(String caution, boolean inTerminal) {
        ToolManifest manifest = new ToolManifest("status", "1.0.0", "Example Medical", List.of("CT-X"), "run.sh",
                List.of(new ToolFile("run.sh", "0".repeat(64))), null, 60, false, false, "VR-1", List.of(caution));
        return new String(Cautions.of(manifest, inTerminal), StandardCharsets.UTF_8);
    }
}
