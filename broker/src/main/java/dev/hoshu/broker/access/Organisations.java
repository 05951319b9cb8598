package dev.hoshu.broker.access;

import dev.hoshu.access.Actor;
import dev.hoshu.access.Decision;
import dev.hoshu.access.Names;
import dev.hoshu.api.service.OrganisationService;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.state.ContractStore;
import dev.hoshu.broker.state.Ids;
import dev.hoshu.broker.state.OrganisationStore;
import dev.hoshu.org.ContractRules;
import dev.hoshu.org.MaintenanceContract;
import dev.hoshu.org.Organisation;
import dev.hoshu.org.OrganisationRules;
import dev.hoshu.org.ToolContract;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Organisations and contracts (ADR 0010). The platform operator registers organisations and records tool contracts
 * on the manufacturer's written word; a hospital admin registers the hospital's own maintenance contracts. Every
 * change is audited before it is stored; contracts are never edited, only superseded by new ones.
 */
public final class Organisations implements OrganisationService {

    private static final Logger log = LoggerFactory.getLogger(Organisations.class);
    static final String OPERATOR = "operator";

    private final OrganisationStore organisations;
    private final ContractStore contracts;
    private final AccessAudit audit;

    public Organisations(OrganisationStore organisations, ContractStore contracts, AuditTrail audit) {
        this.organisations = organisations;
        this.contracts = contracts;
        this.audit = new AccessAudit(audit);
    }

    /** Who is who is not secret: a hospital admin needs the companies' ids to write contracts. */
    @Override
    public List<Organisation> organisations(Actor actor) {
        return organisations.all().stream().sorted(Comparator.comparing(Organisation::id)).toList();
    }

    @Override
    public Organisation register(Actor operator, Organisation organisation) {
        return audit.run("organisation.register", operator, act -> {
            act.about(null, organisation == null ? null : Names.printable(organisation.id()));
            Refusals.requireRole(operator, "registering an organisation", OPERATOR);
            Refusals.check(OrganisationRules.validate(organisation), RefusedException.Status.BAD_REQUEST);
            boolean replaces = organisations.find(organisation.id()).isPresent();
            if (replaces && organisations.find(organisation.id()).get().kind() != organisation.kind()) {
                throw RefusedException.conflict("refused: " + organisation.id() + " is already registered as a "
                        + organisations.find(organisation.id()).get().kind());
            }
            act.about(organisation.kind() == dev.hoshu.org.OrgKind.HOSPITAL ? organisation.id() : null,
                            organisation.id())
                    .detail("kind", organisation.kind().name()).detail("name", organisation.name())
                    .detail("timeZone", organisation.timeZone()).detail("repairLicence", organisation.repairLicence())
                    .detail("responsiblePerson", organisation.responsiblePerson())
                    .detail("tools", organisation.tools().isEmpty() ? null : String.join(",", organisation.tools()))
                    .detail("change", replaces ? "updated" : "new").allow();
            organisations.put(organisation);
            log.info("organisation {} ({}) {} by {}", organisation.id(), organisation.kind(),
                    replaces ? "updated" : "registered", operator.subject());
            return organisation;
        });
    }

    @Override
    public List<MaintenanceContract> maintenanceContracts(Actor actor) {
        return contracts.maintenance().stream()
                .filter(c -> actor.hasRole(OPERATOR) || c.hospital().equals(actor.organisation())
                        || c.company().equals(actor.organisation()))
                .sorted(Comparator.comparing(MaintenanceContract::from)).toList();
    }

    @Override
    public MaintenanceContract addMaintenanceContract(Actor admin, MaintenanceContract asked) {
        return audit.run("contract.maintenance", admin, act -> {
            Refusals.requireRole(admin, "registering a maintenance contract", "hospital-admin");
            if (asked == null) {
                throw RefusedException.badRequest("refused: no contract given");
            }
            if (!admin.organisation().equals(asked.hospital())) {
                throw RefusedException.forbidden("denied: an admin of " + admin.organisation()
                        + " registers only its own maintenance contracts, not " + Names.quoted(asked.hospital())
                        + "'s");
            }
            MaintenanceContract contract = new MaintenanceContract(Ids.next("c-"), asked.hospital(), asked.company(),
                    asked.devices(), asked.categories(), asked.from(), asked.until(), admin.subject());
            act.about(contract.hospital(), contract.id()).detail("company", Names.printable(contract.company()));
            Refusals.check(ContractRules.validate(contract, organisations.find(contract.hospital()).orElse(null),
                    organisations.find(contract.company()).orElse(null)), RefusedException.Status.BAD_REQUEST);
            act.detail("devices", String.join(",", contract.devices()))
                    .detail("categories", contract.categories().stream().sorted().map(Enum::name)
                            .collect(Collectors.joining(",")))
                    .detail("from", contract.from().toString()).detail("until", contract.until().toString()).allow();
            contracts.insert(contract);
            log.info("maintenance contract {} between {} and {} registered by {}", contract.id(), contract.hospital(),
                    contract.company(), admin.subject());
            return contract;
        });
    }

    @Override
    public List<ToolContract> toolContracts(Actor actor) {
        return contracts.tools().stream().sorted(Comparator.comparing(ToolContract::from)).toList();
    }

    @Override
    public ToolContract addToolContract(Actor operator, ToolContract asked) {
        return audit.run("contract.tools", operator, act -> {
            Refusals.requireRole(operator, "registering a tool contract", OPERATOR);
            if (asked == null) {
                throw RefusedException.badRequest("refused: no contract given");
            }
            ToolContract contract = new ToolContract(Ids.next("t-"), asked.manufacturer(), asked.company(),
                    asked.tools(), asked.from(), asked.until(), operator.subject());
            act.about(null, contract.id()).detail("manufacturer", Names.printable(contract.manufacturer()))
                    .detail("company", Names.printable(contract.company()));
            Decision valid = ContractRules.validate(contract, organisations.find(contract.manufacturer()).orElse(null),
                    organisations.find(contract.company()).orElse(null));
            Refusals.check(valid, RefusedException.Status.BAD_REQUEST);
            act.detail("tools", String.join(",", contract.tools())).detail("from", contract.from().toString())
                    .detail("until", contract.until().toString()).allow();
            contracts.insert(contract);
            log.info("tool contract {} from {} for {} registered by {}", contract.id(), contract.manufacturer(),
                    contract.company(), operator.subject());
            return contract;
        });
    }
}
