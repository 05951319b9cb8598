package dev.hoshu.broker.recording.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every recording the broker keeps, wherever it is: first the local recordings folder (live sessions, and sealed
 * ones waiting for their upload), then the archive they move to. Readers (search, view, export, the evidence
 * bundle, the retention sweep) use this one path, so a recording reads the same before and after its upload.
 * A store that cannot answer is an error, never an empty answer: a missing recording must not look deleted.
 */
public final class RecordingLibrary {

    private final List<RecordingArchive> sources;

    /** @param sources in the order they are asked; the first that holds a recording answers for it */
    public RecordingLibrary(List<RecordingArchive> sources) {
        this.sources = List.copyOf(sources);
    }

    public List<RecordingArchive> sources() {
        return sources;
    }

    /** The recordings of one hospital, or of all when {@code hospital} is {@code null}; unordered. */
    public List<StoredRecording> list(String hospital) throws IOException {
        Map<RecordingKey, StoredRecording> found = new LinkedHashMap<>();
        for (RecordingArchive source : sources) {
            for (StoredRecording recording : source.list(hospital)) {
                found.putIfAbsent(recording.key(), recording);
            }
        }
        return new ArrayList<>(found.values());
    }

    /** The recording of a session in any hospital; empty for unknown or malformed ids. */
    public Optional<StoredRecording> find(String session) throws IOException {
        if (!RecordingKey.isPlainName(session)) {
            return Optional.empty();
        }
        for (StoredRecording recording : list(null)) {
            if (recording.key().session().equals(session)) {
                return Optional.of(recording);
            }
        }
        return Optional.empty();
    }

    /** Opens it where it is now; an upload that removed the local copy meanwhile is followed to the archive. */
    public InputStream open(RecordingKey key) throws IOException {
        for (RecordingArchive source : sources) {
            try {
                return source.open(key);
            } catch (NoSuchFileException notHere) {
                // next source
            }
        }
        throw new NoSuchFileException(key.name());
    }

    /**
     * Its first {@code size} bytes: the recording as it was when it was listed, so a live recording that grows
     * meanwhile still matches the length the caller announced.
     */
    public InputStream open(RecordingKey key, long size) throws IOException {
        return new FilterInputStream(open(key)) {
            private long left = size;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(buffer, offset, (int) Math.min(length, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        };
    }

    public byte[] read(RecordingKey key, long offset, int length) throws IOException {
        for (RecordingArchive source : sources) {
            if (source.stat(key).isPresent()) {
                try {
                    return source.read(key, offset, length);
                } catch (NoSuchFileException movedMeanwhile) {
                    // next source
                }
            }
        }
        throw new NoSuchFileException(key.name());
    }
}
