package dev.hoshu.broker.access;

import dev.hoshu.access.Actor;
import dev.hoshu.access.Names;
import dev.hoshu.api.service.RecordingContent;
import dev.hoshu.api.service.RecordingQuery;
import dev.hoshu.api.service.RecordingService;
import dev.hoshu.api.service.RecordingSummary;
import dev.hoshu.api.service.RecordingUse;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.SealKey;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.recording.RecordingIndex;
import dev.hoshu.broker.pki.SealKeyRing;
import dev.hoshu.broker.recording.archive.RecordingLibrary;
import dev.hoshu.broker.recording.archive.StoredRecording;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recording content for the auditors of the hospital the session ran in, because recordings hold personal
 * information (REQ-REC-7); search results (metadata) for its auditors and approvers, and for the platform
 * operator across hospitals; seal keys for anyone. Every view, export and search is audited,
 * allowed or refused (REQ-REC-6). Another hospital's recording is answered as not found, so its ids do not leak.
 */
public final class Recordings implements RecordingService {

    private static final Logger log = LoggerFactory.getLogger(Recordings.class);
    static final String OPERATOR = "operator";
    private static final String ENGINEER = "engineer";
    private static final String[] CONTENT_READERS = {"auditor"};

    private final RecordingLibrary library;
    private final SealKeyRing sealKeys;
    private final RecordingIndex index;
    private final AccessAudit audit;
    private final HospitalTerms terms;

    /**
     * @param library  every recording, on local disk or in the archive: both are read the same way
     * @param sealKeys the ring the store seals from, so a rotation here is what the next recording uses
     */
    public Recordings(RecordingLibrary library, SealKeyRing sealKeys, AuditTrail audit, HospitalTerms terms) {
        this.library = library;
        this.terms = terms;
        this.sealKeys = sealKeys;
        this.index = new RecordingIndex(library);
        this.audit = new AccessAudit(audit);
    }

    @Override
    public RecordingContent recording(Actor actor, String sessionId, RecordingUse use) {
        return audit.run(use.auditAction(), actor, act -> {
            act.about(actor.organisation(), Names.printable(String.valueOf(sessionId)));
            if (actor.hasRole(OPERATOR) && !actor.hasRole("auditor")) {
                throw RefusedException.forbidden("denied: the platform operator sees recording metadata only, never content");
            }
            boolean auditor = actor.hasRole("auditor");
            if (!auditor && !actor.hasRole(ENGINEER)) {
                Refusals.requireRole(actor, "reading a recording", CONTENT_READERS);
            }
            // The library answers only for plain ids, and its keys are built from plain ids only.
            RefusedException notFound = RefusedException.notFound("no recording of session " + Names.printable(sessionId));
            StoredRecording found = located(sessionId).orElseThrow(() -> notFound);
            String hospital = found.key().hospital();
            if (!auditor) {
                // An engineer reads only their own sessions, and only where the hospital's policy says so.
                boolean own = summaryOf(hospital, sessionId).map(r -> isOwn(actor, r)).orElse(false);
                if (!own) {
                    act.about(hospital, sessionId).detail("why", "not the engineer's own session");
                    throw notFound;
                }
                if (!engineersSeeOwn(hospital)) {
                    throw RefusedException.forbidden("denied: the policy of " + hospital
                            + " does not let engineers read the recordings of their own sessions (recordings: "
                            + "engineers-see-own)");
                }
                return content(found);
            }
            if (!hospital.equals(actor.organisation())) {
                // The audit log tells the owning hospital's security team; the caller learns nothing.
                act.about(hospital, sessionId).detail("why", "recording of another hospital");
                throw notFound;
            }
            return content(found);
        });
    }

    @Override
    public List<RecordingSummary> search(Actor actor, RecordingQuery query) {
        return audit.run("recording.search", actor, act -> {
            act.about(actor.organisation(), "recordings").detail("criteria", criteria(query));
            String hospital;
            boolean ownOnly = false;
            if (readsMetadata(actor)) {
                hospital = actor.organisation();
            } else if (actor.hasRole(OPERATOR)) {
                hospital = null;
            } else if (actor.hasRole(ENGINEER)) {
                hospital = null;
                ownOnly = true;
            } else {
                throw RefusedException.forbidden("denied: searching recordings needs the auditor, approver, operator "
                        + "or engineer role");
            }
            List<RecordingSummary> all;
            try {
                all = index.recordings(hospital);
            } catch (IOException e) {
                throw storeDown(e);
            }
            if (ownOnly) {
                all = all.stream().filter(r -> isOwn(actor, r))
                        .filter(r -> engineersSeeOwn(r.hospital())).toList();
            }
            List<RecordingSummary> page = all.stream()
                    .filter(matching(query))
                    .sorted(Comparator.comparing(RecordingSummary::started).thenComparing(RecordingSummary::session).reversed())
                    .skip((long) query.page() * query.size())
                    .limit(query.size())
                    .toList();
            act.detail("found", String.valueOf(page.size()));
            return page;
        });
    }

    @Override
    public List<SealKey> sealKeys() {
        return sealKeys.published().stream()
                .map(key -> new SealKey(key.id(), key.publicKey(), key.since(), key.retired()))
                .toList();
    }

    @Override
    public List<SealKey> rotateSealKey(Actor actor, String reason) {
        return audit.run("recording.key-rotate", actor, act -> {
            String retiring = sealKeys.currentId();
            act.about(null, "recording-seal-key").detail("reason", Refusals.reasonLine(reason)).detail("retired", retiring);
            Refusals.requireRole(actor, "rotating the recording seal key", OPERATOR);
            if (reason == null || reason.isBlank()) {
                throw RefusedException.badRequest("refused: rotating the recording seal key needs a reason");
            }
            SealKeyRing.PublishedKey added;
            try {
                // Audited first: a rotation that cannot be written to the audit log must not happen.
                added = sealKeys.rotate(next -> act.detail("current", next.id()).allow());
            } catch (IOException e) {
                log.error("recording seal key rotation by {} failed: {}", actor.subject(), e.toString());
                throw RefusedException.unavailable("refused: the new seal key could not be stored: "
                        + Names.printable(String.valueOf(e.getMessage())));
            }
            log.info("recording seal key rotated by {}: {} retired, {} seals from now on", actor.subject(), retiring,
                    added.id());
            return sealKeys();
        });
    }

    private Optional<StoredRecording> located(String sessionId) {
        try {
            return library.find(sessionId);
        } catch (IOException e) {
            throw storeDown(e);
        }
    }

    private static RefusedException storeDown(IOException e) {
        log.error("recording store unreadable: {}", e.getMessage());
        // Not "not found": a recording the store cannot be asked about must not look deleted.
        return RefusedException.unavailable("refused: the recording store cannot be read now: "
                + Names.printable(String.valueOf(e.getMessage())));
    }

    private RecordingContent content(StoredRecording found) {
        return new RecordingContent() {
            @Override
            public String session() {
                return found.key().session();
            }

            @Override
            public long size() {
                return found.size();
            }

            @Override
            public InputStream open() throws IOException {
                return library.open(found.key(), found.size());
            }
        };
    }

    /** The same person: subject and company, as user names are unique only within an organisation. */
    private static boolean isOwn(Actor actor, RecordingSummary recording) {
        return actor.subject().equals(recording.engineer()) && actor.organisation().equals(recording.company());
    }

    private Optional<RecordingSummary> summaryOf(String hospital, String sessionId) {
        try {
            return index.recordings(hospital).stream().filter(r -> r.session().equals(sessionId)).findFirst();
        } catch (IOException e) {
            throw storeDown(e);
        }
    }

    /** Fail closed: a policy that cannot be read answers 503 through {@link HospitalTerms#policy}. */
    private boolean engineersSeeOwn(String hospital) {
        return terms.policy(hospital).policy().engineersSeeOwnRecordings();
    }

    private static boolean readsMetadata(Actor actor) {
        return actor.hasRole("auditor") || actor.hasRole("approver");
    }

    private static Predicate<RecordingSummary> matching(RecordingQuery query) {
        return r -> (query.device() == null || query.device().equals(r.device()))
                && (query.engineer() == null || query.engineer().equals(r.engineer()))
                && (query.company() == null || query.company().equals(r.company()))
                && (query.from() == null || !r.started().isBefore(query.from()))
                && (query.to() == null || r.started().isBefore(query.to()))
                && (query.exit() == null || Objects.equals(query.exit(), r.exit()))
                && (query.command() == null || commandLine(r).contains(query.command().toLowerCase(Locale.ROOT)));
    }

    private static String commandLine(RecordingSummary r) {
        return (r.tool() + " " + String.join(" ", r.args())).toLowerCase(Locale.ROOT);
    }

    private static String criteria(RecordingQuery query) {
        return Names.printable(query.toString());
    }
}
