package dev.hoshu.broker.recording.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A place that keeps whole recordings: a local folder or an S3-compatible bucket. Search, view, export and the
 * retention sweep read through this interface only, so they do not care where a recording is.
 */
public interface RecordingArchive {

    /** For logs and audit events: {@code folder /srv/hoshu/recordings}, {@code s3://bucket}. */
    String describe();

    /**
     * Stores the file under the key and confirms it: the stored bytes are read back and must have {@code sha256}.
     * Storing the same bytes again succeeds (a retried upload); different bytes under a key already taken are
     * refused, since recordings are never overwritten.
     *
     * @param retainUntil the earliest time the store may let it be deleted, or {@code null}; a store that can lock
     *                    objects (S3 object lock) enforces it, the others ignore it
     * @throws IOException when it is not stored, or stored differently; the caller keeps its copy
     */
    void put(RecordingKey key, Path file, String sha256, Instant retainUntil) throws IOException;

    Optional<StoredRecording> stat(RecordingKey key) throws IOException;

    /** @throws NoSuchFileException when the store does not hold it */
    InputStream open(RecordingKey key) throws IOException;

    /** At most {@code length} bytes from {@code offset} (fewer at the end). */
    byte[] read(RecordingKey key, long offset, int length) throws IOException;

    /** The recordings of one hospital, or of all when {@code hospital} is {@code null}; unordered. */
    List<StoredRecording> list(String hospital) throws IOException;

    /** Deletes it (nothing when it is gone); a store with object lock refuses before its retention. */
    void delete(RecordingKey key) throws IOException;

    /** How the store keeps objects from deletion, e.g. {@code object lock COMPLIANCE}; empty when it cannot. */
    Optional<String> immutability();
}
