package dev.hoshu.broker.access;

import dev.hoshu.access.Actor;
import dev.hoshu.access.Names;
import dev.hoshu.api.service.RecordingService;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.SealKey;
import dev.hoshu.broker.recording.RecordingStore;
import dev.hoshu.tools.Pem;
import java.nio.file.Path;
import java.util.List;

/** Recordings for the auditors (and approvers) of the hospital the session ran in; seal keys for anyone. */
public final class Recordings implements RecordingService {

    private final RecordingStore store;

    public Recordings(RecordingStore store) {
        this.store = store;
    }

    @Override
    public Path recording(Actor actor, String sessionId) {
        Refusals.requireRole(actor, "reading a recording", "auditor", "approver");
        // The store answers only for plain ids and keeps lookups inside the recordings folder.
        Path file = store.find(sessionId)
                .orElseThrow(() -> RefusedException.notFound("no recording of session " + Names.printable(sessionId)));
        String hospital = file.getParent().getFileName().toString();
        if (!hospital.equals(actor.organisation())) {
            throw RefusedException.forbidden("denied: the recording of " + sessionId + " belongs to " + hospital
                    + ", not " + actor.organisation());
        }
        return file;
    }

    @Override
    public List<SealKey> sealKeys() {
        return List.of(new SealKey(store.sealKeyId(), Pem.publicKeyPem(store.sealPublicKey())));
    }
}
