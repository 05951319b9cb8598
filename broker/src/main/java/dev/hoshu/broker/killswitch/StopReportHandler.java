package dev.hoshu.broker.killswitch;

import dev.hoshu.tunnel.control.ControlHandler;
import dev.hoshu.tunnel.control.ControlRefusedException;
import dev.hoshu.tunnel.control.ControlRequests;
import dev.hoshu.tunnel.control.StopAnswer;
import dev.hoshu.tunnel.control.StopReport;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.apache.sshd.common.session.Session;

/**
 * The broker's end of the agent's stop confirmation. The device is the one whose tunnel the report came through,
 * never a name in the report, so one device cannot confirm (or fake) another's stop.
 */
public final class StopReportHandler extends ControlHandler<StopReport, StopAnswer> {

    private final SessionRegistry registry;
    private final Function<Session, Optional<String>> deviceOfTunnel;
    private final Clock clock;

    public StopReportHandler(SessionRegistry registry, Function<Session, Optional<String>> deviceOfTunnel,
                             Clock clock) {
        super(ControlRequests.STOPPED, StopReport.class);
        this.registry = registry;
        this.deviceOfTunnel = deviceOfTunnel;
        this.clock = clock;
    }

    @Override
    protected StopAnswer answer(Session session, StopReport report) throws ControlRefusedException {
        String device = deviceOfTunnel.apply(session)
                .orElseThrow(() -> new ControlRefusedException("tunnel not ready yet"));
        if (report.session() == null || report.processes() < 0) {
            throw new ControlRefusedException("stop report needs a session and a process count");
        }
        registry.stopReported(device, new DeviceStop(report.session(), report.processes(), report.stoppedAt(),
                clock.instant()));
        return new StopAnswer(true, null);
    }

    @Override
    protected StopAnswer refusal(String reason) {
        return StopAnswer.refused(reason);
    }
}
