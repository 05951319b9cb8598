package dev.hoshu.agent.localswitch;

import dev.hoshu.agent.runner.RunGate;
import dev.hoshu.tunnel.control.SwitchReport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The switch itself: remote maintenance is off while the file {@code remote-maintenance.off} exists in the agent's
 * data folder. Device staff or the device's own UI may create it by any means; its content is only a note. A file
 * survives agent restarts and needs no broker; the agent offers no remote way to remove it.
 */
public final class OnSiteSwitch implements RunGate {

    public static final String FILE_NAME = "remote-maintenance.off";
    /** A note says who switched it off and when; more is not read (the broker keeps {@code SwitchReport.MAX_NOTE}). */
    static final int MAX_NOTE_BYTES = 1024;

    private static final Logger log = LoggerFactory.getLogger(OnSiteSwitch.class);

    private final Path file;
    private final String deviceId;
    private final Consumer<String> warnings;
    /** Why the note was last ignored, so the agent's log says it once, not at every look. */
    private String ignoredBecause;

    public OnSiteSwitch(Path dataDir, String deviceId) {
        this(dataDir, deviceId, log::warn);
    }

    OnSiteSwitch(Path dataDir, String deviceId, Consumer<String> warnings) {
        this.file = dataDir.resolve(FILE_NAME);
        this.deviceId = deviceId;
        this.warnings = warnings;
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

    /**
     * The note written when it was switched off: the first {@value #MAX_NOTE_BYTES} bytes of a regular file. Empty when
     * it is on, and when the file is anything else (a symbolic link could point the agent at any file on the device;
     * a FIFO or a device would block or never end the read); it is off all the same.
     */
    public Optional<String> note() {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!attributes.isRegularFile()) {
            ignoreNote("is " + kindOf(attributes) + ", not a regular file");
            return Optional.empty();
        }
        // NOFOLLOW_LINKS again: the file may have been replaced by a link since it was looked at.
        try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer bytes = ByteBuffer.allocate(MAX_NOTE_BYTES);
            while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
                // Fill up to the limit or the end of the file.
            }
            boolean whole = channel.size() <= MAX_NOTE_BYTES;
            noteRead();
            return Optional.of(decode(bytes.flip(), whole).strip());
        } catch (IOException e) {
            ignoreNote("could not be read (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    /** UTF-8, where a character cut in two at the limit is dropped rather than shown as garbage. */
    private static String decode(ByteBuffer bytes, boolean whole) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer chars = CharBuffer.allocate(MAX_NOTE_BYTES);
        decoder.decode(bytes, chars, whole);
        if (whole) {
            decoder.flush(chars);
        }
        return chars.flip().toString();
    }

    private static String kindOf(BasicFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            return "a symbolic link";
        }
        return attributes.isDirectory() ? "a folder" : "a FIFO, socket or device";
    }

    private synchronized void ignoreNote(String why) {
        if (!Objects.equals(why, ignoredBecause)) {
            ignoredBecause = why;
            warnings.accept(file + " " + why + ": its note is ignored; remote maintenance stays off");
        }
    }

    private synchronized void noteRead() {
        ignoredBecause = null;
    }
}
