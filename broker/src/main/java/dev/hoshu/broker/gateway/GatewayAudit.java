package dev.hoshu.broker.gateway;

import dev.hoshu.access.Grant;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.AuditUnavailableException;
import dev.hoshu.broker.audit.AuditedAct;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.state.GrantLookup;
import dev.hoshu.broker.state.StateUnavailableException;
import java.net.SocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's audit events: sessions started and refused, certificate logins refused, sessions the broker
 * itself cuts. A refusal stands whether or not its event could be written, so only a start is conditional
 * on the audit log.
 */
final class GatewayAudit {

    private static final Logger log = LoggerFactory.getLogger(GatewayAudit.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AuditTrail trail;
    private final GrantLookup grants;

    GatewayAudit(AuditTrail trail, GrantLookup grants) {
        this.trail = trail;
        this.grants = grants;
    }

    /**
     * Written right before the device runs the tool.
     *
     * @throws AuditUnavailableException when it cannot be written: the session must not start
     */
    void sessionStarts(String sessionId, Admission admission) {
        Grant grant = admission.grant();
        new AuditedAct(trail, "session.start", grant.engineer(), grant.company())
                .about(grant.hospital(), sessionId)
                .detail("grant", grant.id()).detail("device", grant.device())
                .detail("tool", admission.tool()).detail("args", JSON.writeValueAsString(admission.args()))
                .allow();
    }

    void sessionRefused(EngineerLogin login, String commandLine, String refusal) {
        Optional<Grant> grant = login == null ? Optional.empty() : grantNamed(login.grantId());
        AuditedAct act = actBy("session.start", grant)
                .about(grant.map(Grant::hospital).orElse(null), login == null ? null : login.device())
                .detail("grant", login == null ? null : GrantCertificateCheck.printable(login.grantId()))
                // Attacker-chosen text: kept short and printable; the refusal says what was wrong with it.
                .detail("command", commandLine == null ? null : GrantCertificateCheck.printable(commandLine));
        bestEffort(() -> act.refuse(refusal));
    }

    /** A feature Hoshu never grants (REQ-TOOL-4) was asked for: who, on which connection, and what exactly. */
    void featureRefused(EngineerLogin login, ClosedFeatureRequest request, String asked) {
        Optional<Grant> grant = login == null ? Optional.empty() : grantNamed(login.grantId());
        AuditedAct act = actBy("session.feature", grant)
                .about(grant.map(Grant::hospital).orElse(null), login == null ? null : login.device())
                .detail("grant", login == null ? null : GrantCertificateCheck.printable(login.grantId()))
                .detail("feature", request.feature().auditName())
                // Attacker-chosen text: kept short and printable.
                .detail("request", asked == null ? null : GrantCertificateCheck.printable(asked));
        bestEffort(() -> act.refuse(request.refusal()));
    }

    /** The device refused the session's tool (signature, files, arguments): the engineer's act, refused there. */
    void toolRefusedByDevice(LiveSession session, String tool, String refusal) {
        AuditedAct act = new AuditedAct(trail, "tool.run", session.engineer(), session.company())
                .about(session.hospital(), session.id())
                .detail("grant", session.grantId()).detail("device", session.device()).detail("tool", tool)
                .detail("by", "device:" + session.device());
        bestEffort(() -> act.refuse(refusal));
    }

    /** The device would not open a transfer session's folders: the engineer's act, refused there. */
    void transferRefusedByDevice(LiveSession session, String refusal) {
        AuditedAct act = new AuditedAct(trail, "session.transfer", session.engineer(), session.company())
                .about(session.hospital(), session.id())
                .detail("grant", session.grantId()).detail("device", session.device()).detail("op", "open")
                .detail("by", "device:" + session.device());
        bestEffort(() -> act.refuse(refusal));
    }

    /** One file operation of a transfer session, as the device answered it (ADR 0015). */
    void transfer(LiveSession session, dev.hoshu.broker.gateway.transfer.TransferredFile file) {
        AuditedAct act = new AuditedAct(trail, "session.transfer", session.engineer(), session.company())
                .about(session.hospital(), session.id())
                .detail("grant", session.grantId()).detail("device", session.device())
                .detail("op", file.op()).detail("path", GrantCertificateCheck.printable(file.path()))
                .detail("size", String.valueOf(file.size())).detail("sha256", file.sha256());
        bestEffort(() -> {
            if (file.succeeded()) {
                act.allow();
            } else {
                act.refuse(file.result());
            }
        });
    }

    /** The grant a refusal names, if the shared state can say: a refusal is audited even while it cannot. */
    private Optional<Grant> grantNamed(String grantId) {
        try {
            return grants.find(grantId);
        } catch (StateUnavailableException away) {
            return Optional.empty();
        }
    }

    void loginRefused(String device, String certificateId, SocketAddress from, String refusal) {
        Optional<Grant> grant = certificateId == null ? Optional.empty() : grantNamed(certificateId);
        AuditedAct act = actBy("session.login", grant)
                .about(grant.map(Grant::hospital).orElse(null), GrantCertificateCheck.printable(device))
                .detail("certificate", certificateId == null ? null : GrantCertificateCheck.printable(certificateId))
                .detail("from", from == null ? null : from.toString());
        bestEffort(() -> act.refuse(refusal));
    }

    /** A cut the broker makes on its own (grant end, node stop); the cut happens whatever the audit log says. */
    void brokerKill(LiveSession session, String reason) {
        AuditedAct act = new AuditedAct(trail, "session.kill", "broker", null)
                .about(session.hospital(), session.id())
                .detail("grant", session.grantId()).detail("engineer", session.engineer())
                .detail("device", session.device()).detail("reason", reason);
        bestEffort(act::allow);
    }

    private AuditedAct actBy(String action, Optional<Grant> grant) {
        return new AuditedAct(trail, action, grant.map(Grant::engineer).orElse("unknown"),
                grant.map(Grant::company).orElse(null));
    }

    private static void bestEffort(Runnable write) {
        try {
            write.run();
        } catch (AuditUnavailableException e) {
            log.error("gateway event not in the audit log: {}", e.getMessage());
        }
    }
}
