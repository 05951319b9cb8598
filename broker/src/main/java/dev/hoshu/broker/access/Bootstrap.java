package dev.hoshu.broker.access;

import dev.hoshu.access.Decision;
import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.state.ContractStore;
import dev.hoshu.broker.state.Ids;
import dev.hoshu.broker.state.OrganisationStore;
import dev.hoshu.broker.state.PolicyStore;
import dev.hoshu.broker.state.PolicyVersion;
import dev.hoshu.hospitalpolicy.HospitalPolicy;
import dev.hoshu.hospitalpolicy.PolicyFormatException;
import dev.hoshu.hospitalpolicy.PolicyYaml;
import dev.hoshu.org.ContractRules;
import dev.hoshu.org.MaintenanceContract;
import dev.hoshu.org.Organisation;
import dev.hoshu.org.OrganisationRules;
import dev.hoshu.org.ToolContract;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The first organisations, contracts and policies of a new broker, from a YAML file ({@code hoshu.bootstrap}): loaded
 * only while no organisation is registered, so a restart never overwrites what people changed through the API. Every
 * entry passes the same rules as through the API; any mistake stops the broker (fail closed) naming the entry.
 */
public final class Bootstrap {

    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** The file's shape; {@code policies} maps a hospital to its policy document. */
    record File(List<Organisation> organisations, List<MaintenanceContract> maintenanceContracts,
                List<ToolContract> toolContracts, Map<String, String> policies) {

        File {
            organisations = organisations == null ? List.of() : organisations;
            maintenanceContracts = maintenanceContracts == null ? List.of() : maintenanceContracts;
            toolContracts = toolContracts == null ? List.of() : toolContracts;
            policies = policies == null ? Map.of() : policies;
        }
    }

    private Bootstrap() {
    }

    /** @return whether the file was loaded (false: the state already has organisations) */
    public static boolean loadIfEmpty(String source, String text, OrganisationStore organisations,
                                      ContractStore contracts, PolicyStore policies, AuditTrail audit, Clock clock) {
        if (!organisations.all().isEmpty()) {
            log.info("bootstrap {} not loaded: organisations are already registered", source);
            return false;
        }
        File file = parse(source, text);
        Map<String, Organisation> byId = new LinkedHashMap<>();
        for (Organisation org : file.organisations()) {
            require(OrganisationRules.validate(org), source, "organisation " + (org == null ? "?" : org.id()));
            byId.put(org.id(), org);
        }
        List<MaintenanceContract> maintenance = new ArrayList<>();
        for (MaintenanceContract c : file.maintenanceContracts()) {
            MaintenanceContract contract = new MaintenanceContract(c.id() == null ? Ids.next("c-") : c.id(),
                    c.hospital(), c.company(), c.devices(), c.categories(), c.from(), c.until(), "bootstrap");
            require(ContractRules.validate(contract, byId.get(c.hospital()), byId.get(c.company())), source,
                    "maintenance contract " + c.hospital() + "/" + c.company());
            maintenance.add(contract);
        }
        List<ToolContract> tools = new ArrayList<>();
        for (ToolContract c : file.toolContracts()) {
            ToolContract contract = new ToolContract(c.id() == null ? Ids.next("t-") : c.id(), c.manufacturer(),
                    c.company(), c.tools(), c.from(), c.until(), "bootstrap");
            require(ContractRules.validate(contract, byId.get(c.manufacturer()), byId.get(c.company())), source,
                    "tool contract " + c.manufacturer() + "/" + c.company());
            tools.add(contract);
        }
        List<PolicyVersion> versions = new ArrayList<>();
        file.policies().forEach((hospital, yaml) -> {
            HospitalPolicy policy;
            try {
                policy = PolicyYaml.parse(yaml);
            } catch (PolicyFormatException e) {
                throw new IllegalStateException("bootstrap " + source + ": policy of " + hospital + ": " + e.getMessage());
            }
            if (!policy.hospital().equals(hospital)) {
                throw new IllegalStateException("bootstrap " + source + ": the policy under " + hospital
                        + " is for " + policy.hospital());
            }
            versions.add(new PolicyVersion(hospital, 1, yaml, "bootstrap", clock.instant()));
        });
        audit.record(AuditEvent.allowed("bootstrap.load", "broker", null, null, source, Map.of(
                "organisations", String.join(",", byId.keySet()),
                "maintenanceContracts", Integer.toString(maintenance.size()),
                "toolContracts", Integer.toString(tools.size()),
                "policies", String.join(",", file.policies().keySet()))));
        byId.values().forEach(organisations::put);
        maintenance.forEach(contracts::insert);
        tools.forEach(contracts::insert);
        versions.forEach(policies::append);
        log.info("bootstrap {} loaded: {} organisations, {} maintenance and {} tool contracts, policies of {}", source,
                byId.size(), maintenance.size(), tools.size(), file.policies().keySet());
        return true;
    }

    private static File parse(String source, String text) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(0);
            Object tree = new Yaml(new SafeConstructor(options)).load(text);
            return JSON.convertValue(plain(tree), File.class);
        } catch (RuntimeException e) {
            throw new IllegalStateException("bootstrap " + source + " cannot be read: "
                    + dev.hoshu.access.Names.printable(e.getMessage()), e);
        }
    }

    /** YAML timestamps arrive as {@link Date}s; the records want ISO instants. */
    private static Object plain(Object value) {
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, plain(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Bootstrap::plain).toList();
        }
        return value;
    }

    private static void require(Decision decision, String source, String what) {
        if (decision.refused()) {
            throw new IllegalStateException("bootstrap " + source + ": " + what + ": " + decision.reason());
        }
    }
}
