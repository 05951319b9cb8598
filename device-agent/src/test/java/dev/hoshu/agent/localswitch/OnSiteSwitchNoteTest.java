package dev.hoshu.agent.localswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.tunnel.control.SwitchReport;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The switch file's note is read only from a regular file, and only its first KiB: whatever else stands under that
 * name switches remote maintenance off all the same, with no note, and the agent's log says why once.
 */
class OnSiteSwitchNoteTest {

    @TempDir
    Path data;
    @TempDir
    Path elsewhere;

    private final List<String> warnings = new ArrayList<>();

    @Test
    void aSymlinkIsNotFollowedForTheNote() throws Exception {
        Path secret = Files.writeString(elsewhere.resolve("secret.txt"), "patient CT-2026-0001");
        Files.createSymbolicLink(data.resolve(OnSiteSwitch.FILE_NAME), secret);
        OnSiteSwitch onSite = new OnSiteSwitch(data, "CT-01", warnings::add);

        assertTrue(onSite.isOff());
        assertEquals(Optional.empty(), onSite.note());
        SwitchReport report = onSite.report();
        assertTrue(report.off());
        assertEquals("", report.note());
        assertEquals(List.of(data.resolve(OnSiteSwitch.FILE_NAME) + " is a symbolic link, not a regular file: its "
                + "note is ignored; remote maintenance stays off"), warnings, "said once for two looks");
    }

    @Test
    void aFifoIsNotOpened() throws Exception {
        Path fifo = data.resolve(OnSiteSwitch.FILE_NAME);
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        OnSiteSwitch onSite = new OnSiteSwitch(data, "CT-01", warnings::add);

        // Opening a FIFO for reading waits for a writer that never comes.
        Optional<String> note = assertTimeoutPreemptively(Duration.ofSeconds(5), onSite::note);

        assertTrue(onSite.isOff());
        assertEquals(Optional.empty(), note);
        assertEquals(List.of(fifo + " is a FIFO, socket or device, not a regular file: its note is ignored; remote "
                + "maintenance stays off"), warnings);
    }

    @Test
    void anOversizedFileIsReadOnlyForItsFirstKibibyte() throws Exception {
        Path file = data.resolve(OnSiteSwitch.FILE_NAME);
        try (RandomAccessFile huge = new RandomAccessFile(file.toFile(), "rw")) {
            huge.write("switched off by suzuki ".repeat(100).getBytes(StandardCharsets.UTF_8));
            huge.setLength(3L << 30); // 3 GiB, sparse: more than the agent could hold in memory as a string
        }
        OnSiteSwitch onSite = new OnSiteSwitch(data, "CT-01", warnings::add);

        String note = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> onSite.note().orElseThrow());

        assertEquals("switched off by suzuki ".repeat(100).substring(0, OnSiteSwitch.MAX_NOTE_BYTES).strip(), note);
        assertEquals(SwitchReport.MAX_NOTE, onSite.report().note().length());
        assertEquals(List.of(), warnings);
    }

    @Test
    void aCharacterCutAtTheLimitIsDropped() throws Exception {
        // 1023 bytes of ASCII, then a three-byte character of which only the first byte falls within the limit.
        Files.writeString(data.resolve(OnSiteSwitch.FILE_NAME), "a".repeat(OnSiteSwitch.MAX_NOTE_BYTES - 1) + "線量");
        OnSiteSwitch onSite = new OnSiteSwitch(data, "CT-01", warnings::add);

        assertEquals(Optional.of("a".repeat(OnSiteSwitch.MAX_NOTE_BYTES - 1)), onSite.note());
    }

    @Test
    void aRegularFileAfterAnIgnoredOneIsReadAndALaterLinkIsSaidAgain() throws Exception {
        Path file = data.resolve(OnSiteSwitch.FILE_NAME);
        Files.createSymbolicLink(file, Path.of("/etc/passwd"));
        OnSiteSwitch onSite = new OnSiteSwitch(data, "CT-01", warnings::add);
        onSite.note();
        Files.delete(file);
        Files.writeString(file, "switched off on site by yamada\n");

        assertEquals(Optional.of("switched off on site by yamada"), onSite.note());
        Files.delete(file);
        Files.createSymbolicLink(file, Path.of("/etc/passwd"));
        onSite.note();

        assertEquals(2, warnings.size(), warnings::toString);
    }
}
