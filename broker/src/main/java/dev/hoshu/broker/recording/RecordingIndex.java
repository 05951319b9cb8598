package dev.hoshu.broker.recording;

import dev.hoshu.api.service.RecordingSummary;
import dev.hoshu.broker.recording.archive.RecordingKey;
import dev.hoshu.broker.recording.archive.RecordingLibrary;
import dev.hoshu.broker.recording.archive.StoredRecording;
import dev.hoshu.recording.RecordedHeader;
import dev.hoshu.recording.RecordingReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What search knows about each recording: its header and how it ended, read from the first and the last bytes of
 * the recording wherever it is kept (local folder or bucket). A recording is read again only when its size or
 * store time changed, so a search over finished recordings costs one listing.
 */
public final class RecordingIndex {

    private static final Logger log = LoggerFactory.getLogger(RecordingIndex.class);
    /** Enough for any header line; a longer one is read from the whole recording. */
    private static final int HEAD_BYTES = 64 * 1024;

    private final RecordingLibrary library;
    private final Map<RecordingKey, Indexed> cache = new ConcurrentHashMap<>();

    private record Indexed(Instant stored, long size, RecordingSummary summary) {
    }

    public RecordingIndex(RecordingLibrary library) {
        this.library = library;
    }

    /**
     * The recordings of one hospital, or of every hospital when {@code hospital} is {@code null}; unordered.
     *
     * @throws IOException when a store cannot be listed: an incomplete answer would hide recordings from auditors
     */
    public List<RecordingSummary> recordings(String hospital) throws IOException {
        List<StoredRecording> stored = library.list(hospital);
        List<RecordingSummary> found = new ArrayList<>();
        for (StoredRecording recording : stored) {
            summaryOf(recording).ifPresent(found::add);
        }
        if (hospital == null) {
            Set<RecordingKey> present = stored.stream().map(StoredRecording::key).collect(Collectors.toSet());
            cache.keySet().retainAll(present);
        }
        return found;
    }

    private Optional<RecordingSummary> summaryOf(StoredRecording recording) {
        Indexed cached = cache.get(recording.key());
        if (cached != null && cached.size() == recording.size()
                && (cached.stored().equals(recording.stored()) || cached.summary().sealed())) {
            // A sealed recording never changes; only its place does (uploaded from disk to the bucket).
            return Optional.of(cached.summary());
        }
        try {
            RecordingSummary summary = read(recording);
            cache.put(recording.key(), new Indexed(recording.stored(), recording.size(), summary));
            return Optional.of(summary);
        } catch (IOException | RuntimeException e) {
            // One unreadable or foreign recording must not hide the others from the auditors.
            log.warn("recording {} left out of search: {}", recording.key(), e.getMessage());
            return Optional.empty();
        }
    }

    private RecordingSummary read(StoredRecording recording) throws IOException {
        RecordingKey key = recording.key();
        RecordedHeader header;
        byte[] head = library.read(key, 0, (int) Math.min(recording.size(), HEAD_BYTES));
        boolean wholeLine = indexOf(head, (byte) '\n') >= 0 || head.length == recording.size();
        try (InputStream in = wholeLine ? new ByteArrayInputStream(head) : library.open(key);
             RecordingReader reader = RecordingReader.open(in)) {
            header = reader.header();
        }
        if (!Objects.equals(header.hospital(), key.hospital()) || !Objects.equals(header.session(), key.session())) {
            throw new IOException("header names another hospital or session than its place in the store");
        }
        int tailLength = (int) Math.min(recording.size(), RecordingTail.TAIL_BYTES);
        RecordingTail tail = RecordingTail.of(library.read(key, recording.size() - tailLength, tailLength),
                recording.size());
        return new RecordingSummary(header.session(), key.hospital(), header.device(), header.engineer(),
                header.company(), header.tool(), header.args(), header.started(),
                header.started().plusMillis(tail.lastMillis()), tail.exitStatus(), tail.sealed(), recording.size());
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
