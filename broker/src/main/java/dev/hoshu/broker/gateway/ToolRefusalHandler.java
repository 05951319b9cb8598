package dev.hoshu.broker.gateway;

import dev.hoshu.broker.killswitch.SessionRegistry;
import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import dev.hoshu.tunnel.control.ControlHandler;
import dev.hoshu.tunnel.control.ControlRefusedException;
import dev.hoshu.tunnel.control.ControlRequests;
import dev.hoshu.tunnel.control.ReportAnswer;
import dev.hoshu.tunnel.control.ToolRefusal;
import org.apache.sshd.common.session.Session;

/**
 * The broker's end of the agent's refusal report, audited by {@link DeviceRefusalAudit}. Believed only for a live
 * session of the device whose tunnel carried it, so no device can write events about another's sessions; a session
 * this node never had goes to the peer nodes that relayed the device's channels (docs/scale-out.md).
 */
public final class ToolRefusalHandler extends ControlHandler<ToolRefusal, ReportAnswer> {

    private final SessionRegistry registry;

    public ToolRefusalHandler(SessionRegistry registry) {
        super(ControlRequests.TOOL_REFUSED, ToolRefusal.class);
        this.registry = registry;
    }

    @Override
    protected ReportAnswer answer(Session tunnel, ToolRefusal report) throws ControlRefusedException {
        String device = DeviceTunnels.deviceOf(tunnel)
                .orElseThrow(() -> new ControlRefusedException("tunnel not ready yet"));
        if (report.session() == null || report.reason() == null) {
            throw new ControlRefusedException("a refusal report needs a session and a reason");
        }
        if (!registry.refusalReported(device, report)) {
            throw new ControlRefusedException("no live session " + GrantCertificateCheck.printable(report.session())
                    + " on " + device);
        }
        return new ReportAnswer(true, null);
    }

    @Override
    protected ReportAnswer refusal(String reason) {
        return ReportAnswer.refused(reason);
    }
}
