package dev.hoshu.broker.siem;

import dev.hoshu.audit.AuditEntry;
import dev.hoshu.audit.AuditSyslog;
import dev.hoshu.broker.audit.AuditLogDirectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log read forward from a position, as syslog lines, each with the position just after it. Only whole
 * lines count (the trail may be writing the next one), and a day file is left only when a later one exists: the
 * trail starts the next day's file only after the last line of the day before is on disk.
 */
final class AuditFeed {

    private static final Pattern DAY_FILE = Pattern.compile("audit-\\d{4}-\\d{2}-\\d{2}\\.jsonl");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_READ = 1 << 20;

    /** One event ready to send, and where the log stands once it is received. */
    record Item(String syslogLine, ExportPosition after) {
    }

    private final AuditLogDirectory directory;

    AuditFeed(AuditLogDirectory directory) {
        this.directory = directory;
    }

    static boolean isDayFileName(String name) {
        return name != null && DAY_FILE.matcher(name).matches();
    }

    /** Where an export with no position on disk starts: the oldest day file, so nothing already logged is skipped. */
    Optional<ExportPosition> beginning() throws IOException {
        List<Path> files = directory.files();
        return files.isEmpty() ? Optional.empty() : Optional.of(ExportPosition.startOf(files.get(0).getFileName().toString()));
    }

    /**
     * Checks that the position's line is still in the log as it was read: its file exists and the bytes before the
     * offset end the line with that chain hash.
     *
     * @return a one-line reason when it does not match, else empty
     */
    Optional<String> mismatch(ExportPosition position) throws IOException {
        Path file = directory.dir().resolve(position.file());
        if (!Files.exists(file)) {
            return Optional.of("audit log file " + position.file() + " is gone");
        }
        if (position.isStartOfFile()) {
            return Optional.empty();
        }
        byte[] ending = (",\"h\":\"" + position.hash() + "\"}\n").getBytes(StandardCharsets.US_ASCII);
        if (position.hash() == null || position.offset() < ending.length || position.offset() > Files.size(file)) {
            return Optional.of("event " + position.index() + " of " + position.file() + " is not where it was");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer found = ByteBuffer.allocate(ending.length);
            channel.read(found, position.offset() - ending.length);
            if (!Arrays.equals(found.array(), ending)) {
                return Optional.of("event " + position.index() + " of " + position.file()
                        + " no longer has the chain hash it was sent with");
            }
        }
        return Optional.empty();
    }

    /**
     * Up to {@code max} events after {@code from}, oldest first; empty when there is nothing new yet.
     *
     * @throws IOException when a day file cannot be read to its end (a torn last line, or a line longer than the
     *                     feed reads at once) although a later day file exists: waiting would never finish it
     */
    List<Item> after(ExportPosition from, int max) throws IOException {
        ExportPosition at = from;
        List<Item> items = new ArrayList<>();
        while (items.size() < max) {
            FileRead read = readFile(at, max - items.size());
            items.addAll(read.items());
            at = read.reached();
            if (items.size() >= max) {
                break;
            }
            Optional<ExportPosition> next = nextFile(at);
            if (next.isEmpty()) {
                break;
            }
            if (!wholeFileRead(at)) {
                if (items.isEmpty()) {
                    throw new IOException("audit log file " + at.file() + " cannot be read past byte " + at.offset()
                            + " (a torn last line or one over " + MAX_READ + " bytes) although " + next.get().file()
                            + " follows it; the export stops here until it is repaired");
                }
                // Send what was read; the next call starts at the stuck line and says so.
                break;
            }
            at = next.get();
        }
        return items;
    }

    /** The events read from one file and the position reached: past them, or past the header when there are none. */
    private record FileRead(List<Item> items, ExportPosition reached) {
    }

    private boolean wholeFileRead(ExportPosition at) throws IOException {
        return Files.size(directory.dir().resolve(at.file())) == at.offset();
    }

    private Optional<ExportPosition> nextFile(ExportPosition at) throws IOException {
        for (Path file : directory.files()) {
            String name = file.getFileName().toString();
            if (name.compareTo(at.file()) > 0) {
                return Optional.of(ExportPosition.startOf(name));
            }
        }
        return Optional.empty();
    }

    private FileRead readFile(ExportPosition from, int max) throws IOException {
        Path file = directory.dir().resolve(from.file());
        List<Item> items = new ArrayList<>();
        if (!Files.exists(file)) {
            return new FileRead(items, from);
        }
        String node = null;
        long offset = from.offset();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (offset > 0) {
                node = nodeOf(channel);
            }
            long size = channel.size();
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(MAX_READ, Math.max(0, size - offset)));
            channel.read(buffer, offset);
            byte[] bytes = buffer.array();
            int lineStart = 0;
            for (int i = 0; i < buffer.position() && items.size() < max; i++) {
                if (bytes[i] != '\n') {
                    continue;
                }
                String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
                boolean firstLine = offset + lineStart == 0;
                long end = offset + i + 1;
                lineStart = i + 1;
                if (firstLine) {
                    node = AuditEntry.headerNode(line);
                    // The header is no event; past it, the position is still "no event of this file yet".
                    from = new ExportPosition(from.file(), 0, null, end);
                    continue;
                }
                JsonNode json = parse(line);
                AuditEntry entry = AuditEntry.parse(line, node);
                ExportPosition after = new ExportPosition(from.file(), entry.index(), json.path("h").asString(null), end);
                items.add(new Item(AuditSyslog.line(entry), after));
                from = after;
            }
            if (lineStart == 0 && buffer.position() == MAX_READ) {
                // No audit line is that long (the verifier refuses them too); waiting would never end it.
                throw new IOException("audit log file " + from.file() + " has a line over " + MAX_READ
                        + " bytes at byte " + offset + "; the export stops here until it is repaired");
            }
        }
        return new FileRead(items, from);
    }

    private static String nodeOf(FileChannel channel) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(4096);
        long position = 0;
        while (header.size() < MAX_READ) {
            one.clear();
            int read = channel.read(one, position);
            if (read <= 0) {
                break;
            }
            for (int i = 0; i < read; i++) {
                if (one.get(i) == '\n') {
                    header.write(one.array(), 0, i);
                    return AuditEntry.headerNode(header.toString(StandardCharsets.UTF_8));
                }
            }
            header.write(one.array(), 0, read);
            position += read;
        }
        return null;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON");
        }
    }
}
