package dev.hoshu.agent.runner;

import dev.hoshu.tunnel.control.ControlRequests;
import dev.hoshu.tunnel.control.ReportAnswer;
import dev.hoshu.tunnel.control.ToolRefusal;
import java.io.IOException;
import java.time.Duration;
import org.apache.sshd.common.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the broker that this device refused a session's tool, so the refusal lands in the hospital's audit log
 * and not only in the session's recording. Best effort: the refusal itself never depends on the broker hearing it.
 */
public final class RefusalReport {

    private static final Logger log = LoggerFactory.getLogger(RefusalReport.class);
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(5);

    private RefusalReport() {
    }

    /** Waits for the broker's answer (at most a few seconds): never call it on an SSH I/O thread. */
    public static void send(Session session, String sessionId, String tool, String reason) {
        if (session == null || !session.isOpen()) {
            return;
        }
        try {
            ReportAnswer answer = ControlRequests.ask(session, ControlRequests.TOOL_REFUSED,
                    new ToolRefusal(sessionId, tool, reason), ReportAnswer.class, ANSWER_WAIT);
            if (!answer.recorded()) {
                log.warn("session {}: broker did not record the refusal: {}", sessionId, answer.error());
            }
        } catch (IOException e) {
            log.warn("session {}: could not report the refusal to the broker: {}", sessionId, e.getMessage());
        }
    }
}
