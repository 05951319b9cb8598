package dev.hoshu.broker.gateway;

import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.state.GrantLookup;
import dev.hoshu.tunnel.control.ToolRefusal;
import java.util.function.BiConsumer;

/**
 * A device's refusal of a session's tool in the hospital's audit log: a {@code tool.run} event, refused, with the
 * device's one line; for a transfer session, {@code session.transfer} refused. The same for a session whose device
 * is on this node's tunnel and for one relayed from a peer node's tunnel.
 */
public final class DeviceRefusalAudit implements BiConsumer<LiveSession, ToolRefusal> {

    private static final int MAX_REASON = 512;

    private final GatewayAudit audit;

    /** For a session registry outside a gateway (a test's node): the gateway's own audit of the refusals. */
    public DeviceRefusalAudit(AuditTrail trail, GrantLookup grants) {
        this(new GatewayAudit(trail, grants));
    }

    DeviceRefusalAudit(GatewayAudit audit) {
        this.audit = audit;
    }

    @Override
    public void accept(LiveSession session, ToolRefusal refusal) {
        if (CommandAdmission.TRANSFER.equals(session.command())) {
            // A transfer session's device refused to open its folders (a tool revoked, untrusted, unverifiable).
            audit.transferRefusedByDevice(session, reasonLine(refusal.reason()));
        } else {
            audit.toolRefusedByDevice(session, GrantCertificateCheck.printable(refusal.tool()),
                    reasonLine(refusal.reason()));
        }
    }

    /** The device's line as the engineer saw it: one line, control characters out, cut only if absurdly long. */
    static String reasonLine(String reason) {
        String line = reason.replaceAll("\\p{Cntrl}", "?");
        return line.length() > MAX_REASON ? line.substring(0, MAX_REASON) + "…" : line;
    }
}
