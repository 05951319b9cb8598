package dev.hoshu.broker.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The on-disk format of one record collection ({@code state/name.json}), and the only code that reads or writes it.
 *
 * <p>The file is a <em>snapshot</em>, the JSON array of every record in order ({@code [record, …]}, exactly the file
 * older brokers wrote, so their folders open unchanged), followed by a <em>journal</em>: one line per acknowledged
 * change, each {@code {"put" : record}} (adds the record at the end, or replaces the record with its id in place) or
 * {@code {"remove" : ["id", …]}} (drops every listed record: one line, so a multi-record removal is all or nothing).
 * A change is appended with its terminating {@code \n} and fsynced before it is acknowledged; once the journal is
 * longer than the snapshot (and a floor), the file is rewritten as a fresh snapshot by {@link AtomicFiles}, so a
 * change costs the size of its record, amortised, not the size of the collection.
 *
 * <p>Reading is also the validator: a snapshot that is not an array of records, or a complete journal line that is
 * not a put or a remove, refuses the whole file with a one-line reason naming the file and line. The one defect a
 * crash can leave, a last line cut short (without its {@code \n}, or not JSON), is a change that was never
 * acknowledged: it is ignored, said so in the log, and overwritten by the next change.
 */
final class CollectionFile<T> {

    private static final Logger log = LoggerFactory.getLogger(CollectionFile.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Journal lines read like the snapshot ({@code "key" : value}) but stay on one line. */
    private static final ObjectWriter LINE_WRITER = JSON.writer().with(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectEntrySpacing(Separators.Spacing.AFTER)
                    .withArrayElementSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(null).withArrayIndenter(null));
    private static final ObjectWriter SNAPSHOT_WRITER = JSON.writerWithDefaultPrettyPrinter();
    /** Below this the journal is never compacted: rewriting a small file on every other change would cost more. */
    static final long COMPACTION_FLOOR_BYTES = 64 * 1024;

    private final Path file;
    private final Function<T, String> idOf;
    private final JavaType type;
    private final JavaType listType;
    // Where the last acknowledged change ends: bytes beyond it are a torn or failed append, overwritten by the next.
    private long length;
    private long snapshotBytes;
    private boolean endsWithNewline;
    private boolean exists;

    CollectionFile(Path file, Class<T> type, Function<T, String> idOf) {
        this.file = file;
        this.idOf = idOf;
        this.type = JSON.getTypeFactory().constructType(type);
        this.listType = JSON.getTypeFactory().constructCollectionType(List.class, type);
    }

    Path path() {
        return file;
    }

    /**
     * Reads the snapshot and replays the journal.
     *
     * @return the records by id, in their order
     * @throws IllegalStateException naming the file and why, if it is not a valid collection file
     */
    Map<String, T> read() {
        Map<String, T> records = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return records;
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw unreadable("cannot read it: " + e.getMessage());
        }
        int snapshotEnd = readSnapshot(content, records);
        int line = 1 + count(content, 0, snapshotEnd);
        int start = snapshotEnd;
        int validEnd = content.length;
        while (start < content.length) {
            int newline = indexOf(content, '\n', start);
            int end = newline < 0 ? content.length : newline;
            if (!isBlank(content, start, end)) {
                JsonNode change = null;
                String notJson = null;
                if (newline >= 0) {
                    try {
                        change = JSON.readTree(new String(content, start, end - start, StandardCharsets.UTF_8));
                    } catch (JacksonException e) {
                        notJson = oneLine(e);
                    }
                }
                if (change == null && isBlank(content, end, content.length)) {
                    // The last line cut short by a crash (no newline, or blocks written out of order): an append
                    // whose fsync never returned, so a change never acknowledged. Forgetting it is right.
                    log.warn("state file {} ends with a torn line {} ({} bytes), a change that was never acknowledged;"
                            + " ignoring it", file, line, end - start);
                    validEnd = start;
                    break;
                }
                if (change == null) {
                    throw unreadable("line " + line + " is not JSON: " + notJson);
                }
                replay(change, line, records);
            }
            if (newline < 0) {
                break;
            }
            start = newline + 1;
            line++;
        }
        exists = true;
        length = validEnd;
        snapshotBytes = snapshotEnd;
        endsWithNewline = validEnd > 0 && content[validEnd - 1] == '\n';
        return records;
    }

    /**
     * Appends one put; on return it is on disk.
     *
     * @param allAfter every record once the change is made, asked for only when the file must be written whole
     */
    void appendPut(T record, Supplier<Collection<T>> allAfter) throws IOException {
        append(LINE_WRITER.writeValueAsBytes(Map.of("put", record)), allAfter);
    }

    /** Appends one removal of every listed record; on return it is on disk. */
    void appendRemove(List<String> ids, Supplier<Collection<T>> allAfter) throws IOException {
        append(LINE_WRITER.writeValueAsBytes(Map.of("remove", ids)), allAfter);
    }

    /**
     * Whether the journal has outgrown the snapshot, so that rewriting the file now costs, per change since the last
     * rewrite, no more than the change itself.
     */
    boolean wantsCompaction() {
        long journal = length - snapshotBytes;
        return journal > Math.max(snapshotBytes, COMPACTION_FLOOR_BYTES);
    }

    /** Rewrites the file as a snapshot of {@code records} alone, atomically. */
    void compact(Collection<T> records) throws IOException {
        byte[] snapshot = snapshot(records);
        AtomicFiles.write(file, snapshot);
        exists = true;
        length = snapshot.length;
        snapshotBytes = snapshot.length;
        endsWithNewline = true;
    }

    private void append(byte[] json, Supplier<Collection<T>> allAfter) throws IOException {
        if (!exists) {
            // The first change of a new collection writes the snapshot, so the file is never a journal alone.
            compact(allAfter.get());
            return;
        }
        int lead = endsWithNewline ? 0 : 1;
        ByteBuffer buffer = ByteBuffer.allocate(lead + json.length + 1);
        if (lead == 1) {
            buffer.put((byte) '\n');
        }
        buffer.put(json).put((byte) '\n').flip();
        // No CREATE: a file that vanished under a running broker is refused rather than restarted as a bare journal.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size < length) {
                throw new IOException("it is shorter (" + size + " bytes) than what was written (" + length + ")");
            }
            if (size > length) {
                channel.truncate(length);
            }
            channel.position(length);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (NoSuchFileException e) {
            throw new IOException("it is gone", e);
        }
        length += buffer.limit();
        endsWithNewline = true;
    }

    private byte[] snapshot(Collection<T> records) {
        byte[] array = SNAPSHOT_WRITER.writeValueAsBytes(new ArrayList<>(records));
        byte[] withNewline = java.util.Arrays.copyOf(array, array.length + 1);
        withNewline[array.length] = '\n';
        return withNewline;
    }

    /** @return the offset just past the snapshot's closing bracket */
    private int readSnapshot(byte[] content, Map<String, T> records) {
        try (JsonParser parser = JSON.createParser(content)) {
            List<T> loaded = JSON.readerFor(listType)
                    .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readValue(parser);
            if (loaded == null) {
                throw unreadable("its snapshot is not an array of records: the file is empty or null");
            }
            for (T record : loaded) {
                records.put(idOrRefuse(record, "its snapshot"), record);
            }
            long end = parser.currentLocation().getByteOffset();
            if (end < 0 || end > content.length) {
                throw unreadable("the end of its snapshot cannot be found");
            }
            return (int) end;
        } catch (JacksonException e) {
            throw unreadable("its snapshot is not an array of records: " + e.getOriginalMessage());
        }
    }

    private void replay(JsonNode change, int line, Map<String, T> records) {
        if (change == null || !change.isObject() || change.size() != 1) {
            throw unreadable("line " + line + " is neither a put nor a remove");
        }
        try {
            if (change.has("put") && change.get("put").isObject()) {
                T record = JSON.treeToValue(change.get("put"), type);
                records.put(idOrRefuse(record, "line " + line), record);
            } else if (change.has("remove") && change.get("remove").isArray()) {
                for (JsonNode id : change.get("remove")) {
                    if (!id.isString()) {
                        throw unreadable("line " + line + " removes an id that is not a string");
                    }
                    records.remove(id.asString());
                }
            } else {
                throw unreadable("line " + line + " is neither a put nor a remove");
            }
        } catch (JacksonException | IllegalArgumentException e) {
            throw unreadable("line " + line + " puts a record that is not one: " + oneLine(e));
        }
    }

    private String idOrRefuse(T record, String where) {
        String id = record == null ? null : idOf.apply(record);
        if (id == null) {
            throw unreadable(where + " holds a record without an id");
        }
        return id;
    }

    private IllegalStateException unreadable(String why) {
        // Fail closed: a broker that silently forgot grants or used tokens would be worse than one that stops.
        return new IllegalStateException("state file " + file + " is unreadable: " + why);
    }

    private static String oneLine(Exception e) {
        String message = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
        return String.valueOf(message).replaceAll("\\s+", " ");
    }

    private static int indexOf(byte[] content, char wanted, int from) {
        for (int i = from; i < content.length; i++) {
            if (content[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static int count(byte[] content, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (content[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    private static boolean isBlank(byte[] content, int from, int to) {
        for (int i = from; i < to; i++) {
            if (content[i] != ' ' && content[i] != '\t' && content[i] != '\r' && content[i] != '\n') {
                return false;
            }
        }
        return true;
    }
}
