package dev.hoshu.broker.audit;

import dev.hoshu.audit.AuditEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The audit log's folder: one {@code audit-YYYY-MM-DD.jsonl} per UTC day, the folder owner-only. */
public final class AuditLogDirectory {

    private static final Logger log = LoggerFactory.getLogger(AuditLogDirectory.class);
    private static final Pattern FILE_NAME = Pattern.compile("audit-(\\d{4}-\\d{2}-\\d{2})\\.jsonl");

    private final Path dir;

    public AuditLogDirectory(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    Path fileFor(LocalDate day) {
        return dir.resolve("audit-" + day + ".jsonl");
    }

    static LocalDate dayOf(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    void createOwnerOnly() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    /** The day files, oldest first. */
    public List<Path> files() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(file -> FILE_NAME.matcher(file.getFileName().toString()).matches()).sorted().toList();
        }
    }

    /** The newest day file before {@code day}, if any. */
    Path latestBefore(LocalDate day) throws IOException {
        Path before = null;
        for (Path file : files()) {
            if (day(file).isBefore(day)) {
                before = file;
            }
        }
        return before;
    }

    /**
     * The events stamped in {@code [since, until)}, oldest first, read lazily; close the stream. A line that is
     * not an event (a header, or a line being written right now) is passed over.
     */
    public Stream<AuditEntry> entries(Instant since, Instant until) throws IOException {
        List<Path> days = new ArrayList<>();
        for (Path file : files()) {
            LocalDate day = day(file);
            if (!day.isBefore(dayOf(since)) && !day.isAfter(dayOf(until))) {
                days.add(file);
            }
        }
        return days.stream().flatMap(AuditLogDirectory::read)
                .filter(entry -> !entry.at().isBefore(since) && entry.at().isBefore(until));
    }

    private static Stream<AuditEntry> read(Path file) {
        BufferedReader reader;
        try {
            reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException gone) {
            return Stream.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] node = {null};
        return reader.lines().onClose(() -> closeQuietly(reader)).<AuditEntry>mapMulti((line, out) -> {
            if (node[0] == null) {
                node[0] = AuditEntry.headerNode(line);
                return;
            }
            try {
                out.accept(AuditEntry.parse(line, node[0]));
            } catch (RuntimeException notAnEvent) {
                log.warn("audit log {}: skipped a line that is not an event ({})", file.getFileName(),
                        notAnEvent.getMessage());
            }
        });
    }

    private static LocalDate day(Path file) {
        Matcher name = FILE_NAME.matcher(file.getFileName().toString());
        if (!name.matches()) {
            throw new IllegalArgumentException("not an audit log file: " + file.getFileName());
        }
        return LocalDate.parse(name.group(1));
    }

    private static void closeQuietly(BufferedReader reader) {
        try {
            reader.close();
        } catch (IOException ignored) {
            // Reading only; nothing to lose.
        }
    }
}
