package dev.hoshu.agent.runner;

import dev.hoshu.tunnel.control.ControlRequests;
import dev.hoshu.tunnel.control.StopAnswer;
import dev.hoshu.tunnel.control.StopReport;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.apache.sshd.common.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the broker that a killed session's tool is stopped, with how many processes, so the kill's record and the
 * API show when the device side confirmed it. Best effort: the stop itself never depends on the broker hearing it.
 */
final class StopConfirmation {

    private static final Logger log = LoggerFactory.getLogger(StopConfirmation.class);
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(5);

    private StopConfirmation() {
    }

    static void send(Session session, String sessionId, ProcessTree.Stopped stopped) {
        if (session == null || !session.isOpen()) {
            log.info("session {}: {} process(es) stopped; the tunnel is gone, so the broker cannot be told",
                    sessionId, stopped.processes());
            return;
        }
        try {
            StopAnswer answer = ControlRequests.ask(session, ControlRequests.STOPPED,
                    new StopReport(sessionId, stopped.processes(), Instant.now()), StopAnswer.class, ANSWER_WAIT);
            if (!answer.recorded()) {
                log.warn("session {}: broker did not record the stop: {}", sessionId, answer.error());
            }
        } catch (IOException e) {
            log.warn("session {}: could not confirm the stop to the broker: {}", sessionId, e.getMessage());
        }
    }
}
