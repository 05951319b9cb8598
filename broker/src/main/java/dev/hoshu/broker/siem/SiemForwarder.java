package dev.hoshu.broker.siem;

import dev.hoshu.broker.audit.AuditLogDirectory;
import dev.hoshu.broker.notify.Backoff;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships every audit event to the SIEM, in order, as RFC 5425 frames ({@code LENGTH SP SYSLOG-MSG}).
 *
 * <p>RFC 5425 has no acknowledgement, so "received" is inferred: an event counts as received once it has been on a
 * connection for {@code settle} and the connection is still alive (a read sees neither end of stream nor a reset).
 * Only then does the position on disk move past it. When the connection fails, the forwarder reconnects (backing
 * off up to {@code retryCap}) and sends again from the position on disk, so a SIEM may see an event twice (the
 * node, the day of the timestamp and {@code i} identify it) but misses none. Its own failures go to the broker log,
 * not the audit log, which they would otherwise feed.
 */
public final class SiemForwarder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SiemForwarder.class);
    private static final int BATCH = 500;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private record Sent(Instant at, ExportPosition after) {
    }

    private final SiemTls tls;
    private final AuditFeed feed;
    private final PositionFile positions;
    private final SiemSettings settings;
    private final Clock clock;
    private final Backoff backoff;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile SSLSocket socket;
    private volatile ExportPosition acknowledged;
    private volatile String lastFailure;
    private int failures;

    SiemForwarder(SiemSettings settings, AuditLogDirectory directory, PositionFile positions, Clock clock) {
        this.settings = settings;
        this.tls = SiemTls.of(settings);
        this.feed = new AuditFeed(directory);
        this.positions = positions;
        this.clock = clock;
        this.backoff = new Backoff(Duration.ofMillis(500), settings.retryCap(), Integer.MAX_VALUE);
        this.thread = new Thread(this::run, "hoshu-siem-export");
        this.thread.setDaemon(true);
    }

    /** Builds and starts the forwarder; TLS material that cannot be read stops the broker here. */
    public static SiemForwarder start(SiemSettings settings, AuditLogDirectory directory, Path stateDir,
                                      Clock clock) {
        SiemForwarder forwarder = new SiemForwarder(settings, directory,
                new PositionFile(stateDir.resolve("siem-position.json")), clock);
        forwarder.thread.start();
        log.info("audit export to SIEM {} started (settle {}, retry cap {})", forwarder.tls.address(),
                settings.settle(), settings.retryCap());
        return forwarder;
    }

    /** The last position the SIEM is taken to have received, or empty before the first. */
    public Optional<ExportPosition> acknowledged() {
        return Optional.ofNullable(acknowledged);
    }

    /** The last failure's one line, or {@code null} while the export works. */
    public String lastFailure() {
        return lastFailure;
    }

    private void run() {
        while (running) {
            try {
                ExportPosition start = startingPosition();
                if (start == null) {
                    sleep(POLL);
                    continue;
                }
                ship(start);
            } catch (StoppedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                closeSocket();
                if (!running) {
                    return;
                }
                failed(e);
            }
        }
    }

    /** The position on disk, checked against the log; {@code null} while there is no audit log yet. */
    private ExportPosition startingPosition() throws IOException {
        Optional<ExportPosition> stored = positions.read();
        if (stored.isEmpty()) {
            return feed.beginning().orElse(null);
        }
        Optional<String> mismatch = feed.mismatch(stored.get());
        if (mismatch.isPresent()) {
            // Fail closed: resending or skipping blindly would hide what happened to the log.
            throw new IOException("audit export position " + positions.path().getFileName() + " does not match the"
                    + " audit log: " + mismatch.get() + "; fix or remove it to export again");
        }
        acknowledged = stored.get();
        return stored.get();
    }

    /** One connection's life: send what is new, confirm what has settled, until the connection fails. */
    private void ship(ExportPosition from) throws IOException {
        SSLSocket connected = tls.connect(CONNECT_TIMEOUT);
        socket = connected;
        OutputStream out = connected.getOutputStream();
        InputStream in = connected.getInputStream();
        Deque<Sent> unsettled = new ArrayDeque<>();
        ExportPosition next = from;
        boolean working = false;
        while (running) {
            List<AuditFeed.Item> items = feed.after(next, BATCH);
            if (!working) {
                // Only once the log reads too: a log that cannot be read must not look cured by each reconnect.
                recovered(from);
                working = true;
            }
            if (!items.isEmpty()) {
                for (AuditFeed.Item item : items) {
                    out.write(frame(item.syslogLine()));
                }
                out.flush();
                next = items.get(items.size() - 1).after();
                unsettled.addLast(new Sent(clock.instant(), next));
            }
            probe(connected, in, unsettled.isEmpty() ? POLL : shorter(POLL, settings.settle()));
            settle(unsettled);
        }
        throw new StoppedException();
    }

    private void recovered(ExportPosition from) {
        if (failures > 0) {
            log.info("audit export to SIEM {}: connected again after {} failed attempts; resending from {} event {}",
                    tls.address(), failures, from.file(), from.index());
        }
        failures = 0;
        lastFailure = null;
    }

    /** Waits up to {@code wait} for the SIEM to say something; it never should, so anything but silence is the end. */
    private static void probe(SSLSocket connected, InputStream in, Duration wait) throws IOException {
        connected.setSoTimeout((int) Math.max(1, wait.toMillis()));
        byte[] ignored = new byte[512];
        try {
            if (in.read(ignored) < 0) {
                throw new IOException("the SIEM closed the connection");
            }
        } catch (SocketTimeoutException silence) {
            // Alive: nothing to read is the normal case.
        }
    }

    private void settle(Deque<Sent> unsettled) throws IOException {
        Instant settledBefore = clock.instant().minus(settings.settle());
        ExportPosition settled = null;
        while (!unsettled.isEmpty() && !unsettled.peekFirst().at().isAfter(settledBefore)) {
            settled = unsettled.removeFirst().after();
        }
        if (settled != null) {
            positions.write(settled);
            acknowledged = settled;
        }
    }

    static byte[] frame(String syslogLine) {
        byte[] message = syslogLine.getBytes(StandardCharsets.UTF_8);
        byte[] length = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] framed = new byte[length.length + message.length];
        System.arraycopy(length, 0, framed, 0, length.length);
        System.arraycopy(message, 0, framed, length.length, message.length);
        return framed;
    }

    private void failed(Exception e) {
        failures++;
        String why = oneLine(e);
        if (!why.equals(lastFailure)) {
            log.warn("audit export to SIEM {} failed: {}; events stay in the audit log and are sent once it works again",
                    tls.address(), why);
        } else if (failures % 50 == 0) {
            log.warn("audit export to SIEM {} still failing after {} attempts: {}", tls.address(), failures, why);
        }
        lastFailure = why;
        sleep(backoff.after(failures, ThreadLocalRandom.current()::nextDouble));
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !message.contains(cause.getMessage())) {
                message = message + ": " + cause.getMessage();
            }
        }
        String line = message.replaceAll("\\p{Cntrl}+", " ");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void sleep(Duration wait) {
        try {
            Thread.sleep(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void closeSocket() {
        SSLSocket open = socket;
        socket = null;
        if (open != null) {
            try {
                open.close();
            } catch (IOException ignored) {
                // Closing a connection that already failed.
            }
        }
    }

    /** Stops the thread; what is unsettled is sent again by the next start. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        closeSocket();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class StoppedException extends RuntimeException {
        StoppedException() {
            super("stopped", null, false, false);
        }
    }
}
