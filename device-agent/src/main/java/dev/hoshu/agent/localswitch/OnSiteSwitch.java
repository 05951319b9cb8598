package dev.hoshu.agent.localswitch;

import dev.hoshu.agent.runner.RunGate;
import dev.hoshu.tunnel.control.SwitchReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * The switch itself: remote maintenance is off while the file {@code remote-maintenance.off} exists in the agent's
 * data folder. Device staff or the device's own UI may create it by any means; its content is only a note. A file
 * survives agent restarts and needs no broker; the agent offers no remote way to remove it.
 */
public final class OnSiteSwitch implements RunGate {

    public static final String FILE_NAME = "remote-maintenance.off";

    private final Path file;
    private final String deviceId;

    public OnSiteSwitch(Path dataDir, String deviceId) {
        this.file = dataDir.resolve(FILE_NAME);
        this.deviceId = deviceId;
    }

    public Path file() {
        return file;
    }

    /** Off when the file exists in any form; a symlink or folder by that name counts too (fail closed). */
    public boolean isOff() {
        return Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    }

    /** What the engineer and the broker read while it is off. */
    public String reason() {
        return "remote maintenance switched off on site at " + deviceId;
    }

    @Override
    public Optional<String> refusal() {
        return isOff() ? Optional.of("refused: " + reason()) : Optional.empty();
    }

    public void turnOff(String by, Instant at) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), "." + FILE_NAME, ".tmp");
        Files.writeString(temp, "switched off on site by " + by + " at " + at + "\n", StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public void turnOn() throws IOException {
        Files.deleteIfExists(file);
    }

    /** What the broker's ledger is told: off or on, the note, and when the file was written. */
    public SwitchReport report() {
        if (!isOff()) {
            return new SwitchReport(false, null, 0);
        }
        long since;
        try {
            since = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis();
        } catch (IOException e) {
            since = 0;
        }
        String note = note().orElse("");
        return new SwitchReport(true, note.length() > SwitchReport.MAX_NOTE ? note.substring(0, SwitchReport.MAX_NOTE)
                : note, since);
    }

    /** The note written when it was switched off, if it is off and readable. */
    public Optional<String> note() {
        try {
            return isOff() ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.of("(note unreadable)");
        }
    }
}
