package dev.hoshu.api.service;

import dev.hoshu.access.Actor;
import java.nio.file.Path;
import java.util.List;

/** Session recordings for auditors, and the keys that verify their seals. */
public interface RecordingService {

    /** The session's {@code .jsonl} recording file, if the actor may read it. */
    Path recording(Actor auditor, String sessionId);

    List<SealKey> sealKeys();
}
