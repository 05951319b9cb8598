package dev.hoshu.broker.gateway;

import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.killswitch.SessionRegistry;
import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import dev.hoshu.tunnel.control.ControlHandler;
import dev.hoshu.tunnel.control.ControlRefusedException;
import dev.hoshu.tunnel.control.ControlRequests;
import dev.hoshu.tunnel.control.ReportAnswer;
import dev.hoshu.tunnel.control.ToolRefusal;
import org.apache.sshd.common.session.Session;

/**
 * The broker's end of the agent's refusal report: a {@code tool.run} audit event, refused, with the device's one
 * line. Believed only for a live session of the device whose tunnel carried it, so no device can write events
 * about another's sessions.
 */
final class ToolRefusalHandler extends ControlHandler<ToolRefusal, ReportAnswer> {

    private static final int MAX_REASON = 512;

    private final SessionRegistry registry;
    private final GatewayAudit audit;

    ToolRefusalHandler(SessionRegistry registry, GatewayAudit audit) {
        super(ControlRequests.TOOL_REFUSED, ToolRefusal.class);
        this.registry = registry;
        this.audit = audit;
    }

    @Override
    protected ReportAnswer answer(Session tunnel, ToolRefusal report) throws ControlRefusedException {
        String device = DeviceTunnels.deviceOf(tunnel)
                .orElseThrow(() -> new ControlRefusedException("tunnel not ready yet"));
        if (report.session() == null || report.reason() == null) {
            throw new ControlRefusedException("a refusal report needs a session and a reason");
        }
        LiveSession session = registry.find(report.session()).filter(live -> live.device().equals(device))
                .orElseThrow(() -> new ControlRefusedException("no live session "
                        + GrantCertificateCheck.printable(report.session()) + " on " + device));
        if (CommandAdmission.TRANSFER.equals(session.command())) {
            // A transfer session's device refused to open its folders (a tool revoked, untrusted, unverifiable).
            audit.transferRefusedByDevice(session, reasonLine(report.reason()));
        } else {
            audit.toolRefusedByDevice(session, GrantCertificateCheck.printable(report.tool()),
                    reasonLine(report.reason()));
        }
        return new ReportAnswer(true, null);
    }

    /** The device's line as the engineer saw it: one line, control characters out, cut only if absurdly long. */
    private static String reasonLine(String reason) {
        String line = reason.replaceAll("\\p{Cntrl}", "?");
        return line.length() > MAX_REASON ? line.substring(0, MAX_REASON) + "…" : line;
    }

    @Override
    protected ReportAnswer refusal(String reason) {
        return ReportAnswer.refused(reason);
    }
}
