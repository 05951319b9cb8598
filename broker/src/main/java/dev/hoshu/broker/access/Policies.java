package dev.hoshu.broker.access;

import dev.hoshu.access.Actor;
import dev.hoshu.access.MultiFactor;
import dev.hoshu.access.Names;
import dev.hoshu.api.service.PolicyService;
import dev.hoshu.api.service.PolicyView;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.state.PolicyStore;
import dev.hoshu.broker.state.PolicyVersion;
import dev.hoshu.hospitalpolicy.HospitalPolicy;
import dev.hoshu.hospitalpolicy.PolicyDiff;
import dev.hoshu.hospitalpolicy.PolicyFormatException;
import dev.hoshu.hospitalpolicy.PolicyYaml;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hospital policies: a hospital admin applies a new version (validated first, audited with its diff and version
 * number, in force for the next decision without a restart); the hospital's staff and the operator read it.
 */
public final class Policies implements PolicyService {

    private static final Logger log = LoggerFactory.getLogger(Policies.class);

    private final PolicyStore store;
    private final MultiFactor multiFactor;
    private final AccessAudit audit;
    private final Clock clock;

    public Policies(PolicyStore store, MultiFactor multiFactor, AuditTrail audit, Clock clock) {
        this.store = store;
        this.multiFactor = multiFactor;
        this.audit = new AccessAudit(audit);
        this.clock = clock;
    }

    @Override
    public PolicyView show(Actor actor, String hospital) {
        String which = hospital == null || hospital.isBlank() ? actor.organisation() : hospital;
        boolean staff = which.equals(actor.organisation()) && (actor.hasRole("approver")
                || actor.hasRole("hospital-admin") || actor.hasRole("auditor"));
        if (!staff && !actor.hasRole(Organisations.OPERATOR)) {
            throw RefusedException.forbidden("denied: the policy of " + Names.printable(which)
                    + " is shown to its approvers, admins and auditors and to the operator");
        }
        return store.latest(which).map(v -> view(v, List.of()))
                .orElseGet(() -> new PolicyView(which, 0, null, null, null, List.of()));
    }

    @Override
    public PolicyView apply(Actor admin, String yaml) {
        return audit.run("policy.apply", admin, act -> {
            act.about(admin.organisation(), "policy");
            Refusals.requireRole(admin, "applying a policy", "hospital-admin");
            Refusals.check(multiFactor.check(admin, "applying a policy"), RefusedException.Status.FORBIDDEN);
            HospitalPolicy policy;
            try {
                policy = PolicyYaml.parse(yaml);
            } catch (PolicyFormatException e) {
                throw RefusedException.badRequest("refused: policy " + e.getMessage());
            }
            if (!policy.hospital().equals(admin.organisation())) {
                throw RefusedException.forbidden("denied: an admin of " + admin.organisation()
                        + " applies only its own policy, not " + policy.hospital() + "'s");
            }
            Optional<PolicyVersion> previous = store.latest(policy.hospital());
            int version = previous.map(PolicyVersion::version).orElse(0) + 1;
            List<String> diff = PolicyDiff.lines(previous.map(PolicyVersion::yaml).orElse(null), yaml);
            act.about(policy.hospital(), "policy v" + version).detail("version", Integer.toString(version))
                    .detail("previousVersion", Integer.toString(version - 1))
                    .detail("diff", String.join("\n", diff)).allow();
            PolicyVersion applied = new PolicyVersion(policy.hospital(), version, yaml, admin.subject(), now());
            store.append(applied);
            log.info("policy of {} is now version {} (applied by {}, {} changed lines)", policy.hospital(), version,
                    admin.subject(), diff.size());
            return view(applied, diff);
        });
    }

    private static PolicyView view(PolicyVersion version, List<String> diff) {
        return new PolicyView(version.hospital(), version.version(), version.yaml(), version.appliedBy(),
                version.appliedAt(), diff);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
