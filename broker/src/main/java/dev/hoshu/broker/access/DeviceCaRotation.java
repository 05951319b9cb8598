package dev.hoshu.broker.access;

import dev.hoshu.access.Actor;
import dev.hoshu.access.Names;
import dev.hoshu.api.service.CaRotationService;
import dev.hoshu.api.service.CaStatus;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.AuditedAct;
import dev.hoshu.broker.pki.DeviceCas;
import dev.hoshu.broker.pki.RotationPhase;
import dev.hoshu.broker.pki.RotationRefusedException;
import dev.hoshu.broker.state.DeviceStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's face of the device-CA rotation: role and step checked, each step audited as {@code ca.rotate}
 * before it takes effect (the status read as {@code ca.status}); the phases themselves are {@link DeviceCas}'.
 * A {@code switch} or {@code finish} while active devices lag behind ({@link RotationProgress}) would cut them off,
 * so it is refused, naming them, unless the operator forces it (ADR 0023).
 */
public final class DeviceCaRotation implements CaRotationService {

    private static final Logger log = LoggerFactory.getLogger(DeviceCaRotation.class);
    private static final String OPERATOR = "operator";
    /** A refusal names this many lagging devices; the status names up to {@link CaStatus.Progress#LISTED}. */
    private static final int NAMED_IN_REFUSAL = 5;

    private final DeviceCas cas;
    private final DeviceStore devices;
    private final Clock clock;
    private final AccessAudit audit;

    public DeviceCaRotation(DeviceCas cas, DeviceStore devices, Clock clock, AuditTrail audit) {
        this.cas = cas;
        this.devices = devices;
        this.clock = clock;
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
    public CaStatus rotate(Actor actor, String step, boolean force) {
        return audit.run("ca.rotate", actor, act -> {
            act.detail("step", step == null ? null : Names.printable(step)).detail("phaseBefore", cas.phase().word());
            Refusals.requireRole(actor, "rotating the device CA", OPERATOR);
            if (step == null || !List.of("prepare", "switch", "finish").contains(step)) {
                throw RefusedException.badRequest("refused: unknown rotation step " + Names.quoted(step)
                        + "; the steps are prepare, switch, finish");
            }
            requireNoneLagging(step, force, act);
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

    /** The step that would cut lagging devices off is refused, naming them, unless forced; either way audited. */
    private void requireNoneLagging(String step, boolean force, AuditedAct act) {
        RotationPhase phase = cas.phase();
        boolean cuts = step.equals("switch") && phase == RotationPhase.PREPARED
                || step.equals("finish") && phase == RotationPhase.SWITCHED;
        if (!cuts) {
            return;
        }
        RotationProgress progress = progress();
        act.detail("lagging", String.valueOf(progress.lagging().size())).detail("forced", String.valueOf(force));
        if (progress.lagging().isEmpty()) {
            return;
        }
        String consequence = step.equals("switch")
                ? "would not trust the new tunnel certificate and could not connect"
                : "would be refused as devices of the retired CA";
        if (force) {
            log.warn("device CA rotation: {} forced with {} of {} active device(s) that {}: {}; they {} and must be "
                            + "enrolled again", step, progress.lagging().size(), progress.active(), progress.waitingFor(),
                    progress.namedInOneLine(NAMED_IN_REFUSAL), consequence);
            return;
        }
        throw RefusedException.conflict("refused: ca rotate " + step + " now: " + progress.lagging().size() + " of "
                + progress.active() + " active device(s) " + progress.waitingFor() + ": "
                + progress.namedInOneLine(NAMED_IN_REFUSAL) + "; they " + consequence
                + "; wait for their renewal (hoshu ca status), or add --force to leave them to be enrolled again");
    }

    private RotationProgress progress() {
        return RotationProgress.of(cas.phase(), cas.next().map(DeviceCas::pin).orElse(null),
                DeviceCas.pin(cas.issuing().certificate()), devices.all(), clock.instant());
    }

    private CaStatus status() {
        RotationProgress progress = progress();
        return new CaStatus(cas.phase().word(), view(cas.issuing().certificate()),
                cas.next().map(DeviceCaRotation::view).orElse(null),
                cas.previous().map(DeviceCaRotation::view).orElse(null),
                cas.trusted().stream().map(DeviceCas::pin).toList(), cas.retired().size(), cas.phase().nextStep(),
                new CaStatus.Progress(progress.active(), progress.lagging().size(), progress.waitingFor(),
                        progress.names(CaStatus.Progress.LISTED)));
    }

    private static CaStatus.CaView view(X509Certificate ca) {
        return new CaStatus.CaView(ca.getSubjectX500Principal().getName(), DeviceCas.pin(ca),
                ca.getNotAfter().toInstant().toString());
    }
}
