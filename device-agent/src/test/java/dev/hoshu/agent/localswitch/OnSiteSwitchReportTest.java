package dev.hoshu.agent.localswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.tunnel.control.SwitchReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the agent tells the broker's ledger about its on-site switch. */
class OnSiteSwitchReportTest {

    @TempDir
    Path data;

    @Test
    void offCarriesTheNoteAndWhenTheFileWasWrittenOnCarriesNothing() throws Exception {
        OnSiteSwitch onSite = new OnSiteSwitch(data, "CT-01");
        assertEquals(new SwitchReport(false, null, 0), onSite.report());

        onSite.turnOff("yamada", Instant.parse("2026-11-21T01:00:00Z"));

        SwitchReport off = onSite.report();
        assertTrue(off.off());
        assertEquals("switched off on site by yamada at 2026-11-21T01:00:00Z", off.note());
        assertEquals(Files.getLastModifiedTime(onSite.file()).toMillis(), off.changedMillis());
        onSite.turnOn();
        assertFalse(onSite.report().off());
        assertNull(onSite.report().note());
    }

    @Test
    void aFileWrittenByTheDevicesOwnUiCountsAndALongNoteIsCut() throws Exception {
        OnSiteSwitch onSite = new OnSiteSwitch(data, "CT-01");
        Files.writeString(data.resolve(OnSiteSwitch.FILE_NAME), "x".repeat(10_000));

        SwitchReport off = onSite.report();

        assertTrue(off.off());
        assertEquals(SwitchReport.MAX_NOTE, off.note().length());
    }
}
