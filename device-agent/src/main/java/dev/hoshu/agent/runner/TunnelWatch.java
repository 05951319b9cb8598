package dev.hoshu.agent.runner;

import dev.hoshu.tunnel.control.ControlRequests;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fail safe for a tunnel that goes silent (REQ-KILL-4): while a tool runs, the agent asks the broker for a
 * sign of life every quarter of the grace period; when none came for the whole grace period, the tunnel counts as
 * lost and its SSH session is closed, which stops every tool running in it. A tunnel that closes outright stops
 * its tools at once, without waiting for this.
 */
final class TunnelWatch {

    private static final Logger log = LoggerFactory.getLogger(TunnelWatch.class);
    /** Any answer proves the broker is there, also the refusal of a request it does not know. */
    private static final String PING = "alive@hoshu.dev";
    private static final ScheduledExecutorService PINGER = Executors.newScheduledThreadPool(1, task -> {
        Thread thread = new Thread(task, "hoshu-tunnel-watch");
        thread.setDaemon(true);
        return thread;
    });

    private final Session session;
    private final Duration grace;
    private final String sessionId;
    private volatile long lastSignOfLife = System.nanoTime();
    private ScheduledFuture<?> pings;

    private TunnelWatch(Session session, Duration grace, String sessionId) {
        this.session = session;
        this.grace = grace;
        this.sessionId = sessionId;
    }

    /** Starts watching; {@code grace} zero or null means no watch (the heartbeat timeout alone applies). */
    static TunnelWatch start(Session session, Duration grace, String sessionId) {
        TunnelWatch watch = new TunnelWatch(session, grace, sessionId);
        if (session != null && grace != null && !grace.isZero()) {
            long every = Math.max(50, grace.toMillis() / 4);
            watch.pings = PINGER.scheduleWithFixedDelay(watch::ping, every, every, TimeUnit.MILLISECONDS);
        }
        return watch;
    }

    void stop() {
        if (pings != null) {
            pings.cancel(false);
        }
    }

    private void ping() {
        if (!session.isOpen()) {
            stop();
            return;
        }
        try {
            Buffer request = session.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST);
            request.putString(PING);
            request.putBoolean(true);
            // Success or failure, an answer is a sign of life; only silence (a timeout) is not.
            ControlRequests.request(session, PING, request, grace.dividedBy(2));
            lastSignOfLife = System.nanoTime();
        } catch (IOException | RuntimeException e) {
            log.debug("session {}: no sign of life from the broker: {}", sessionId, e.toString());
        }
        if (System.nanoTime() - lastSignOfLife >= grace.toNanos()) {
            log.warn("session {}: tunnel silent for {} s; stopping the tools it carries (fail safe)", sessionId,
                    grace.toSeconds());
            stop();
            session.close(true);
        }
    }
}
