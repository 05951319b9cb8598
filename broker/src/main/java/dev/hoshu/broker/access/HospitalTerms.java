package dev.hoshu.broker.access;

import dev.hoshu.access.AccessRequest;
import dev.hoshu.access.Category;
import dev.hoshu.access.Decision;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.broker.state.ContractStore;
import dev.hoshu.broker.state.OrganisationStore;
import dev.hoshu.broker.state.PolicyStore;
import dev.hoshu.broker.state.PolicyVersion;
import dev.hoshu.hospitalpolicy.HospitalPolicy;
import dev.hoshu.hospitalpolicy.PolicyFormatException;
import dev.hoshu.hospitalpolicy.PolicyYaml;
import dev.hoshu.org.ContractRules;
import dev.hoshu.org.OrgKind;
import dev.hoshu.org.Organisation;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * What binds a request besides its own shape: the hospital's policy in force (its newest version, else the secure
 * default), its time zone, and the contracts between the parties.
 */
public final class HospitalTerms {

    /** The policy a decision was made under, with its version (0: the secure default). */
    public record PolicyInForce(HospitalPolicy policy, int version) {
    }

    private final OrganisationStore organisations;
    private final ContractStore contracts;
    private final PolicyStore policies;

    public HospitalTerms(OrganisationStore organisations, ContractStore contracts, PolicyStore policies) {
        this.organisations = organisations;
        this.contracts = contracts;
        this.policies = policies;
    }

    /** @throws RefusedException 503 when the stored document no longer loads: fail closed, never fall back */
    public PolicyInForce policy(String hospital) {
        return policies.latest(hospital).map(HospitalTerms::load)
                .orElseGet(() -> new PolicyInForce(HospitalPolicy.secureDefault(hospital), 0));
    }

    private static PolicyInForce load(PolicyVersion stored) {
        try {
            return new PolicyInForce(PolicyYaml.parse(stored.yaml()), stored.version());
        } catch (PolicyFormatException e) {
            throw RefusedException.unavailable("refused: the policy of " + stored.hospital() + " (version "
                    + stored.version() + ") cannot be read: " + e.getMessage());
        }
    }

    /** The hospital's zone: maintenance hours are read in it. */
    public ZoneId zone(String hospital) {
        return organisations.find(hospital).filter(org -> org.kind() == OrgKind.HOSPITAL)
                .map(org -> ZoneId.of(org.timeZone())).orElse(ZoneId.of(Organisation.DEFAULT_TIME_ZONE));
    }

    public Decision contractsCover(AccessRequest request, Instant now) {
        return contractsCover(request.company(), request.hospital(), request.device(), request.category(),
                request.tools(), now);
    }

    public Decision contractsCover(String company, String hospital, String device, Category category,
                                   List<String> tools, Instant now) {
        return ContractRules.covers(company, organisations.find(company).orElse(null), hospital, device, category,
                tools, contracts.maintenance(), contracts.tools(), now);
    }
}
