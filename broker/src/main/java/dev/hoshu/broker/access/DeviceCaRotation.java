package dev.hoshu.broker.access;

import dev.hoshu.access.Actor;
import dev.hoshu.access.Names;
import dev.hoshu.api.service.CaRotationService;
import dev.hoshu.api.service.CaStatus;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.pki.DeviceCas;
import dev.hoshu.broker.pki.RotationRefusedException;
import java.security.cert.X509Certificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's face of the device-CA rotation: role and step checked, each step audited as {@code ca.rotate}
 * before it takes effect (the status read as {@code ca.status}); the phases themselves are {@link DeviceCas}'.
 */
public final class DeviceCaRotation implements CaRotationService {

    private static final Logger log = LoggerFactory.getLogger(DeviceCaRotation.class);
    private static final String OPERATOR = "operator";

    private final DeviceCas cas;
    private final AccessAudit audit;

    public DeviceCaRotation(DeviceCas cas, AuditTrail audit) {
        this.cas = cas;
        this.audit = new AccessAudit(audit);
    }

    @Override
    public CaStatus status(Actor actor) {
        return audit.run("ca.status", actor, act -> {
            Refusals.requireRole(actor, "reading the device CA status", OPERATOR);
            return status();
        });
    }

    @Override
    public CaStatus rotate(Actor actor, String step) {
        return audit.run("ca.rotate", actor, act -> {
            act.detail("step", step == null ? null : Names.printable(step)).detail("phaseBefore", cas.phase().word());
            Refusals.requireRole(actor, "rotating the device CA", OPERATOR);
            if (step == null || !java.util.List.of("prepare", "switch", "finish").contains(step)) {
                throw RefusedException.badRequest("refused: unknown rotation step " + Names.quoted(step)
                        + "; the steps are prepare, switch, finish");
            }
            X509Certificate ca;
            try {
                // Audited first: a step that cannot be written to the audit log must not happen.
                ca = switch (step) {
                    case "prepare" -> cas.prepare(act::allow);
                    case "switch" -> cas.switchOver(act::allow);
                    default -> cas.finish(act::allow);
                };
            } catch (RotationRefusedException e) {
                throw RefusedException.conflict(e.getMessage());
            }
            log.info("device CA rotation: {} by {}: {} {} (now {})", step, actor.subject(),
                    step.equals("finish") ? "retired" : "CA", ca.getSubjectX500Principal().getName(), cas.phase().word());
            return status();
        });
    }

    private CaStatus status() {
        return new CaStatus(cas.phase().word(), view(cas.issuing().certificate()),
                cas.next().map(DeviceCaRotation::view).orElse(null),
                cas.previous().map(DeviceCaRotation::view).orElse(null),
                cas.trusted().stream().map(DeviceCas::pin).toList(), cas.retired().size(), cas.phase().nextStep());
    }

    private static CaStatus.CaView view(X509Certificate ca) {
        return new CaStatus.CaView(ca.getSubjectX500Principal().getName(), DeviceCas.pin(ca),
                ca.getNotAfter().toInstant().toString());
    }
}
