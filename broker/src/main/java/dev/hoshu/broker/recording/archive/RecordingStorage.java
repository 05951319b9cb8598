package dev.hoshu.broker.recording.archive;

import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.recording.RecordingStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording stores as configured: the local folder sessions write to, the archive sealed recordings move to
 * (none on {@code disk}), the immutable copy, and the upload and retention work between them.
 */
public final class RecordingStorage implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RecordingStorage.class);

    private final RecordingLibrary library;
    private final ArchiveUploads uploads;
    private final RetentionSweep sweep;
    private final List<AutoCloseable> stores = new ArrayList<>();

    private RecordingStorage(RecordingLibrary library, ArchiveUploads uploads, RetentionSweep sweep) {
        this.library = library;
        this.uploads = uploads;
        this.sweep = sweep;
    }

    /** Finished recordings not yet in the archive after the last upload pass; 0 when recordings stay local. */
    public int unarchived() {
        return uploads == null ? 0 : uploads.waiting();
    }

    /** Connects the stores, and starts the uploads (after a pass over what an earlier run left) and the sweep. */
    public static RecordingStorage start(RecordingStorageSettings settings, RecordingStore live, AuditTrail audit,
                                         Clock clock) {
        FolderArchive local = new FolderArchive(live.root(), false);
        RecordingArchive archive = settings.store().equals("s3")
                ? S3Archive.connect(settings.s3(), "hoshu.recordings.s3") : null;
        RecordingArchive copy = switch (settings.copy().store()) {
            case "folder" -> new FolderArchive(settings.copy().folder(), true);
            case "s3" -> S3Archive.connect(settings.copy().s3(), "hoshu.recordings.copy.s3");
            default -> null;
        };
        RetentionRules rules = settings.retention().rules();
        List<RecordingArchive> readFrom = archive == null ? List.of(local) : List.of(local, archive);
        ArchiveUploads uploads = archive == null && copy == null ? null
                : new ArchiveUploads(local, archive, copy, live::isOpen, rules,
                Duration.ofDays(settings.copy().lockDays()), audit, clock);
        RetentionSweep sweep = new RetentionSweep(readFrom, RetentionSweep.writtenIn(local, live::isOpen), rules, audit,
                clock);
        RecordingStorage storage = new RecordingStorage(new RecordingLibrary(readFrom), uploads, sweep);
        for (RecordingArchive store : new RecordingArchive[] {archive, copy}) {
            if (store instanceof AutoCloseable closeable) {
                storage.stores.add(closeable);
            }
        }
        log.info("recordings: written to {}, kept in {}{}", local.describe(),
                archive == null ? local.describe() : archive.describe(),
                copy == null ? "" : ", copied to " + copy.describe() + copy.immutability().map(how -> " (" + how + ")")
                        .orElse(" (NOT immutable: the store cannot lock)"));
        if (uploads != null) {
            live.whenClosed(file -> uploads.soon());
            uploads.start(settings.uploadRetry());
        }
        sweep.start(settings.retention().sweepInterval());
        return storage;
    }

    public RecordingLibrary library() {
        return library;
    }

    @Override
    public void close() {
        if (uploads != null) {
            uploads.close();
        }
        sweep.close();
        for (AutoCloseable store : stores) {
            try {
                store.close();
            } catch (Exception e) {
                log.warn("recording store did not close cleanly: {}", e.toString());
            }
        }
    }
}
