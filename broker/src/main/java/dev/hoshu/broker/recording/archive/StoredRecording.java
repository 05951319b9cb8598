package dev.hoshu.broker.recording.archive;

import java.time.Instant;

/**
 * A recording as a store lists it.
 *
 * @param stored when the store last wrote it: the last event on local disk, the upload in a bucket; retention
 *               counts from here, which is never before the session ended
 */
public record StoredRecording(RecordingKey key, long size, Instant stored) {
}
