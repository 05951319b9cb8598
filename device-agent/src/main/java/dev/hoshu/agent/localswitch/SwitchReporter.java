package dev.hoshu.agent.localswitch;

import dev.hoshu.tunnel.control.ControlRequests;
import dev.hoshu.tunnel.control.ReportAnswer;
import dev.hoshu.tunnel.control.SwitchReport;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.sshd.common.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the broker when the on-site switch changes, over the tunnel that is up at the time, so its device ledger
 * and the hospital's console show it. Best effort and on a thread of its own: the switch acts on the device at once
 * whether or not the broker hears of it, and the next inventory report (every tunnel up) carries it anyway.
 */
public final class SwitchReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SwitchReporter.class);
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(5);

    private final ExecutorService sender = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "hoshu-switch-report");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Session tunnel;

    /** The tunnel now up; its inventory report already carries the switch. */
    public void tunnelUp(Session session) {
        this.tunnel = session;
    }

    void changed(SwitchReport report) {
        sender.execute(() -> send(report));
    }

    private void send(SwitchReport report) {
        Session session = tunnel;
        if (session == null || !session.isOpen()) {
            log.info("on-site switch {}: no tunnel now; the broker learns it at the next tunnel up",
                    report.off() ? "off" : "on");
            return;
        }
        try {
            ReportAnswer answer = ControlRequests.ask(session, ControlRequests.SWITCH, report, ReportAnswer.class,
                    ANSWER_WAIT);
            if (!answer.recorded()) {
                log.warn("broker did not record the on-site switch: {}", answer.error());
            }
        } catch (IOException e) {
            log.warn("could not tell the broker of the on-site switch: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
