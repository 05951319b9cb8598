package dev.hoshu.org;

import dev.hoshu.access.Category;
import dev.hoshu.access.Decision;
import dev.hoshu.access.Names;
import java.util.Collection;
import java.util.List;
import java.time.Instant;

/**
 * Whether contracts cover a request (REQ-CAT-2, REQ-CAT-3), and what a contract must look like to be registered.
 * Refusals name the missing contract, so the engineer knows whom to call.
 */
public final class ContractRules {

    public static final int MAX_DEVICES = 1000;
    public static final int MAX_TOOLS = 256;

    private ContractRules() {
    }

    /**
     * @param company the requester's organisation as registered, or {@code null} when the broker does not know it
     */
    public static Decision covers(String companyId, Organisation company, String hospital, String device,
                                  Category category, List<String> tools, Collection<MaintenanceContract> maintenance,
                                  Collection<ToolContract> toolContracts, Instant now) {
        if (company == null) {
            return Decision.refuse("denied: company " + Names.quoted(companyId) + " is not registered with the broker");
        }
        if (company.kind() == OrgKind.HOSPITAL && company.id().equals(hospital)) {
            // The hospital's own staff on its own device: no contract with itself to show; its policy still rules.
            return Decision.allow();
        }
        if (company.kind() == OrgKind.HOSPITAL) {
            return Decision.refuse("denied: " + company.id() + " is a hospital, not a service company or manufacturer");
        }
        if (category != Category.MONITOR && !company.licensedForRepair()) {
            return Decision.refuse(unlicensed(company.id(), "it may ask for MONITOR only"));
        }
        List<MaintenanceContract> live = maintenance.stream()
                .filter(c -> c.hospital().equals(hospital) && c.company().equals(company.id()) && c.liveAt(now))
                .toList();
        if (live.isEmpty()) {
            return Decision.refuse("denied: no live maintenance contract between " + hospital + " and " + company.id());
        }
        if (live.stream().noneMatch(c -> c.covers(device, category))) {
            return Decision.refuse("denied: no live maintenance contract between " + hospital + " and " + company.id()
                    + " covers " + category + " on " + device);
        }
        for (String tool : tools) {
            boolean own = company.publishes(tool);
            boolean consented = toolContracts.stream().anyMatch(c -> c.company().equals(company.id())
                    && c.liveAt(now) && c.tools().contains(tool));
            if (!own && !consented) {
                return Decision.refuse("denied: no live tool contract lets " + company.id() + " use tool "
                        + Names.quoted(tool) + " (the manufacturer's consent is needed)");
            }
        }
        return Decision.allow();
    }

    public static Decision validate(MaintenanceContract contract, Organisation hospital, Organisation company) {
        if (contract.hospital() == null || hospital == null || hospital.kind() != OrgKind.HOSPITAL) {
            return Decision.refuse("refused: " + Names.quoted(contract.hospital()) + " is not a registered hospital");
        }
        Decision party = isCompany(contract.company(), company);
        if (party.refused()) {
            return party;
        }
        if (contract.devices().isEmpty() || contract.devices().size() > MAX_DEVICES) {
            return Decision.refuse("refused: a maintenance contract names 1 to " + MAX_DEVICES + " devices");
        }
        for (String device : contract.devices()) {
            if (!Names.isDeviceId(device)) {
                return Decision.refuse("refused: device id " + Names.quoted(device) + " is not valid");
            }
        }
        if (contract.categories().isEmpty()) {
            return Decision.refuse("refused: a maintenance contract names at least one category");
        }
        if (contract.categories().stream().anyMatch(c -> c != Category.MONITOR) && !company.licensedForRepair()) {
            return Decision.refuse(unlicensed(company.id(), "a contract may give it MONITOR only"));
        }
        return validity(contract.from(), contract.until());
    }

    public static Decision validate(ToolContract contract, Organisation manufacturer, Organisation company) {
        if (contract.manufacturer() == null || manufacturer == null || manufacturer.kind() != OrgKind.MANUFACTURER) {
            return Decision.refuse("refused: " + Names.quoted(contract.manufacturer())
                    + " is not a registered manufacturer");
        }
        Decision party = isCompany(contract.company(), company);
        if (party.refused()) {
            return party;
        }
        if (contract.tools().isEmpty() || contract.tools().size() > MAX_TOOLS) {
            return Decision.refuse("refused: a tool contract names 1 to " + MAX_TOOLS + " tools");
        }
        for (String tool : contract.tools()) {
            if (!Names.isToolName(tool)) {
                return Decision.refuse("refused: tool name " + Names.quoted(tool) + " is not valid");
            }
        }
        return validity(contract.from(), contract.until());
    }

    private static Decision isCompany(String id, Organisation company) {
        if (id == null || company == null) {
            return Decision.refuse("refused: company " + Names.quoted(id) + " is not registered");
        }
        if (company.kind() == OrgKind.HOSPITAL) {
            return Decision.refuse("refused: " + company.id() + " is a hospital, not a service company or manufacturer");
        }
        return Decision.allow();
    }

    private static Decision validity(Instant from, Instant until) {
        if (from == null || until == null) {
            return Decision.refuse("refused: a contract needs both 'from' and 'until'");
        }
        if (!from.isBefore(until)) {
            return Decision.refuse("refused: a contract's 'until' must be after its 'from'");
        }
        return Decision.allow();
    }

    private static String unlicensed(String company, String consequence) {
        return "denied: " + company + " has no repair-business licence number and responsible person in Japan on record,"
                + " so " + consequence + " (REQ-CAT-2)";
    }
}
