package dev.hoshu.broker.audit;

import dev.hoshu.audit.AuditEvent;
import dev.hoshu.audit.AuditLogChain;
import dev.hoshu.audit.AuditLogReport;
import dev.hoshu.audit.AuditLogVerifier;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log on local disk: {@code audit-YYYY-MM-DD.jsonl} per UTC day, each line chained to the one
 * before, each day's header linked to the previous day's last line. Every event is written and fsynced
 * before {@link #record} returns. It fails closed: a file it cannot write, or an existing file whose chain
 * is broken, makes every record throw until the cause is gone.
 */
public final class FileAuditTrail implements AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(FileAuditTrail.class);

    private static final int MAX_REASON = 300;

    private final AuditLogDirectory directory;
    private final String node;
    private final Clock clock;
    private final AuditFileSink.Opener opener;
    private OpenDay open;
    private final List<Consumer<AuditEvent>> listeners = new CopyOnWriteArrayList<>();

    private record OpenDay(LocalDate day, AuditLogChain chain, AuditFileSink sink) {
    }

    public FileAuditTrail(AuditLogDirectory directory, String node, Clock clock) {
        this(directory, node, clock, SyncedFileSink::open);
    }

    FileAuditTrail(AuditLogDirectory directory, String node, Clock clock, AuditFileSink.Opener opener) {
        this.directory = directory;
        this.node = node;
        this.clock = clock;
        this.opener = opener;
    }

    /**
     * Has {@code listener} told of every event once it is on disk, outside the trail's lock. A listener that throws
     * is logged and does not undo the event or stop the others.
     */
    public void afterRecord(Consumer<AuditEvent> listener) {
        listeners.add(listener);
    }

    /**
     * Opens today's file now, verifying the chain it continues, instead of at the first event. Called before the
     * broker opens its ports: on a restart the day's file can hold tens of thousands of lines, and verifying them
     * while the first devices and users are already being answered held every audited act behind it for seconds.
     * A broken chain is logged here, at start, and every event keeps being refused until it is repaired.
     *
     * @return why the audit log cannot be written, or empty when it is ready
     */
    public synchronized Optional<String> resumeToday() {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        LocalDate day = AuditLogDirectory.dayOf(at);
        if (open != null && open.day().equals(day)) {
            return Optional.empty();
        }
        try {
            String previous = open == null ? null : open.chain().lastHash();
            closeOpenDay();
            open = openDay(day, at, previous);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            closeOpenDay();
            String why = reasonOf(e);
            log.error("audit log unavailable at start: {}; every audited act is refused until this is repaired "
                    + "(hoshu audit verify names the broken line)", why);
            return Optional.of(why);
        }
    }

    @Override
    public void record(AuditEvent event) {
        write(event);
        for (Consumer<AuditEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                log.warn("audit listener failed on {}: {}", event.action(), e.toString());
            }
        }
    }

    private synchronized void write(AuditEvent event) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        LocalDate day = AuditLogDirectory.dayOf(at);
        try {
            if (open == null || !open.day().equals(day)) {
                String previous = open == null ? null : open.chain().lastHash();
                closeOpenDay();
                open = openDay(day, at, previous);
            }
            open.sink().append(open.chain().append(event, at) + "\n");
        } catch (IOException | RuntimeException e) {
            // The chain in memory may be ahead of the file now: start again from what is on disk next time.
            closeOpenDay();
            String why = reasonOf(e);
            log.error("audit log unavailable; refusing {} by {}: {}", event.action(), event.actor(), why);
            throw new AuditUnavailableException("audit log unavailable: " + why, e);
        }
    }

    /** One line for the refusal a user sees: no line breaks, and file names without the broker's data path. */
    private String reasonOf(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof FileSystemException fs && fs.getReason() == null) {
            // Such a message is just the path; the exception's name says what went wrong with it.
            message = e.getClass().getSimpleName() + ": " + message;
        }
        String line = message.replace(directory.dir() + "/", "").replace(directory.dir().toString(), "audit folder")
                .replaceAll("\\p{Cntrl}+", " ");
        return line.length() > MAX_REASON ? line.substring(0, MAX_REASON) + "…" : line;
    }

    /** Closes the current file; the next event opens (or creates) its day's file again. */
    public synchronized void close() {
        closeOpenDay();
    }

    /**
     * Continues today's file when it exists and verifies; otherwise starts it, linked to the last line of
     * the newest earlier file (checked too, since a link to a forged chain would vouch for it).
     */
    private OpenDay openDay(LocalDate day, Instant at, String previousInMemory) throws IOException {
        directory.createOwnerOnly();
        Path file = directory.fileFor(day);
        AuditLogVerifier verifier = new AuditLogVerifier();
        if (Files.exists(file)) {
            AuditLogReport report = intact(verifier, file);
            return new OpenDay(day, AuditLogChain.resume(report.lastHash(), report.lines()), opener.open(file, false));
        }
        String previous = previousInMemory;
        if (previous == null) {
            Path before = directory.latestBefore(day);
            previous = before == null ? null : intact(verifier, before).lastHash();
        }
        AuditLogChain chain = AuditLogChain.start(node, at, previous);
        AuditFileSink sink = opener.open(file, true);
        try {
            sink.append(chain.headerLine() + "\n");
            syncDirectory(directory.dir());
        } catch (IOException | RuntimeException e) {
            sink.close();
            throw e;
        }
        log.info("audit log {} started{}", file.getFileName(), previous == null ? "" : ", linked to the day before");
        return new OpenDay(day, chain, sink);
    }

    private static AuditLogReport intact(AuditLogVerifier verifier, Path file) throws IOException {
        AuditLogReport report = verifier.verify(file);
        if (!report.intact()) {
            throw new IOException(file.getFileName() + " " + report.message() + "; nothing more is appended to a"
                    + " broken chain");
        }
        return report;
    }

    private void closeOpenDay() {
        if (open == null) {
            return;
        }
        try {
            open.sink().close();
        } catch (IOException e) {
            log.warn("closing audit log file: {}", e.getMessage());
        }
        open = null;
    }

    /** Makes a new file's name durable; a file system that cannot open a directory is tolerated. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // The file's own fsync still holds its content.
        }
    }
}
