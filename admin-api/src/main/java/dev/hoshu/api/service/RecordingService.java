package dev.hoshu.api.service;

import dev.hoshu.access.Actor;
import java.util.List;

/**
 * Session recordings for a hospital's auditors and approvers, metadata for the platform operator, and the keys
 * that verify their seals. Every access, allowed or refused, is an audit event.
 */
public interface RecordingService {

    /**
     * The session's {@code .jsonl} recording, wherever it is kept, if the actor may read it. A recording of another
     * hospital is answered as not found, so session ids of other hospitals do not leak.
     */
    RecordingContent recording(Actor actor, String sessionId, RecordingUse use);

    /** One page of the recordings the actor may see, newest first. */
    List<RecordingSummary> search(Actor actor, RecordingQuery query);

    /** Every key that ever sealed a recording, oldest first; the last one seals now. */
    List<SealKey> sealKeys();

    /**
     * Replaces the key that seals new recordings (platform operator only; audited as {@code recording.key-rotate}).
     * Recordings sealed before, and those still open, verify under their key, which stays published.
     *
     * @return every key after the rotation, as {@link #sealKeys()}
     */
    List<SealKey> rotateSealKey(Actor actor, String reason);
}
