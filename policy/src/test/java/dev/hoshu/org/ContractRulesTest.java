package dev.hoshu.org;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hoshu.access.Category;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContractRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-20T01:00:00Z");
    private static final Instant YEAR_AGO = NOW.minusSeconds(365L * 86400);
    private static final Instant YEAR_ON = NOW.plusSeconds(365L * 86400);
    static final Organisation HOSPITAL = new Organisation("hosp-a", OrgKind.HOSPITAL, "Hospital A", null, null, null,
            null);
    static final Organisation LICENSED = new Organisation("medserve", OrgKind.SERVICE_COMPANY, "MedServe", null,
            "13BS200123", "山本 太郎", null);
    static final Organisation UNLICENSED = new Organisation("cheapfix", OrgKind.SERVICE_COMPANY, "CheapFix", null, null,
            null, null);
    static final Organisation HALF_LICENSED = new Organisation("halfco", OrgKind.SERVICE_COMPANY, "Half", null,
            "13BS200999", " ", null);
    static final Organisation MAKER = new Organisation("ctmaker", OrgKind.MANUFACTURER, "CT Maker", null, "13BS1",
            "鈴木", List.of("calib"));
    private static final List<MaintenanceContract> MAINTENANCE = List.of(
            new MaintenanceContract("c-1", "hosp-a", "medserve", List.of("CT-01"), Set.of(Category.values()), YEAR_AGO,
                    YEAR_ON, "tanaka"),
            new MaintenanceContract("c-2", "hosp-a", "cheapfix", List.of("CT-01"), Set.of(Category.MONITOR), YEAR_AGO,
                    YEAR_ON, "tanaka"),
            new MaintenanceContract("c-3", "hosp-a", "ctmaker", List.of("CT-01"), Set.of(Category.REPAIR), YEAR_AGO,
                    YEAR_ON, "tanaka"),
            new MaintenanceContract("c-old", "hosp-b", "medserve", List.of("MR-01"), Set.of(Category.MONITOR),
                    YEAR_AGO, NOW, "kato"));
    private static final List<ToolContract> TOOLS = List.of(
            new ToolContract("t-1", "ctmaker", "medserve", List.of("status", "logcollect"), YEAR_AGO, YEAR_ON, "ops"),
            new ToolContract("t-2", "ctmaker", "cheapfix", List.of("status"), YEAR_AGO, YEAR_ON, "ops"),
            new ToolContract("t-old", "ctmaker", "medserve", List.of("selftest"), YEAR_AGO, NOW, "ops"));

    static Stream<Arguments> coverage() {
        return Stream.of(
                Arguments.of("licensed company with both contracts", LICENSED, "hosp-a", "CT-01", Category.REPAIR,
                        List.of("status"), "allowed"),
                Arguments.of("unlicensed company for MONITOR", UNLICENSED, "hosp-a", "CT-01", Category.MONITOR,
                        List.of("status"), "allowed"),
                Arguments.of("the manufacturer with its own tool", MAKER, "hosp-a", "CT-01", Category.REPAIR,
                        List.of("calib"), "allowed"),
                Arguments.of("unknown company", null, "hosp-a", "CT-01", Category.MONITOR, List.of("status"),
                        "denied: company 'ghost' is not registered with the broker"),
                Arguments.of("another hospital asking", HOSPITAL, "hosp-b", "MR-01", Category.MONITOR,
                        List.of("status"), "denied: hosp-a is a hospital, not a service company or manufacturer"),
                Arguments.of("the hospital's own staff on its own device", HOSPITAL, "hosp-a", "CT-01",
                        Category.REPAIR, List.of("anything"), "allowed"),
                Arguments.of("unlicensed company for REPAIR", UNLICENSED, "hosp-a", "CT-01", Category.REPAIR,
                        List.of("status"), "denied: cheapfix has no repair-business licence number and responsible"
                                + " person in Japan on record, so it may ask for MONITOR only (REQ-CAT-2)"),
                Arguments.of("licence without responsible person", HALF_LICENSED, "hosp-a", "CT-01",
                        Category.MAINTENANCE, List.of("status"), "denied: halfco has no repair-business licence number"
                                + " and responsible person in Japan on record, so it may ask for MONITOR only (REQ-CAT-2)"),
                Arguments.of("expired maintenance contract", LICENSED, "hosp-b", "MR-01", Category.MONITOR,
                        List.of("status"), "denied: no live maintenance contract between hosp-b and medserve"),
                Arguments.of("contract without that device", LICENSED, "hosp-a", "CT-02", Category.MONITOR,
                        List.of("status"), "denied: no live maintenance contract between hosp-a and medserve covers"
                                + " MONITOR on CT-02"),
                Arguments.of("contract without that category", UNLICENSED, "hosp-a", "CT-01", Category.MONITOR,
                        List.of("logcollect"), "denied: no live tool contract lets cheapfix use tool 'logcollect'"
                                + " (the manufacturer's consent is needed)"),
                Arguments.of("expired tool contract", LICENSED, "hosp-a", "CT-01", Category.MONITOR,
                        List.of("selftest"), "denied: no live tool contract lets medserve use tool 'selftest' (the"
                                + " manufacturer's consent is needed)"),
                Arguments.of("manufacturer with another's tool", MAKER, "hosp-a", "CT-01", Category.REPAIR,
                        List.of("status"), "denied: no live tool contract lets ctmaker use tool 'status' (the"
                                + " manufacturer's consent is needed)"),
                Arguments.of("manufacturer outside its contract's categories", MAKER, "hosp-a", "CT-01",
                        Category.MONITOR, List.of("calib"), "denied: no live maintenance contract between hosp-a and"
                                + " ctmaker covers MONITOR on CT-01"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("coverage")
    void covers(String name, Organisation company, String hospital, String device, Category category,
                List<String> tools, String expected) {
        String id = company == null ? "ghost" : company.id();
        assertEquals(expected, ContractRules.covers(id, company, hospital, device, category, tools, MAINTENANCE, TOOLS,
                NOW).reason());
    }

    static Stream<Arguments> registrations() {
        return Stream.of(
                Arguments.of("a licensed company's full contract", new MaintenanceContract("c", "hosp-a", "medserve",
                        List.of("CT-01"), Set.of(Category.REPAIR), YEAR_AGO, YEAR_ON, "tanaka"), LICENSED, "allowed"),
                Arguments.of("REQ-CAT-2 at registration", new MaintenanceContract("c", "hosp-a", "cheapfix",
                        List.of("CT-01"), Set.of(Category.MAINTENANCE), YEAR_AGO, YEAR_ON, "tanaka"), UNLICENSED,
                        "denied: cheapfix has no repair-business licence number and responsible person in Japan on"
                                + " record, so a contract may give it MONITOR only (REQ-CAT-2)"),
                Arguments.of("no devices", new MaintenanceContract("c", "hosp-a", "medserve", List.of(),
                        Set.of(Category.MONITOR), YEAR_AGO, YEAR_ON, "tanaka"), LICENSED,
                        "refused: a maintenance contract names 1 to 1000 devices"),
                Arguments.of("a device id with a path in it", new MaintenanceContract("c", "hosp-a", "medserve",
                        List.of("../CT-01"), Set.of(Category.MONITOR), YEAR_AGO, YEAR_ON, "tanaka"), LICENSED,
                        "refused: device id '../CT-01' is not valid"),
                Arguments.of("until before from", new MaintenanceContract("c", "hosp-a", "medserve", List.of("CT-01"),
                        Set.of(Category.MONITOR), YEAR_ON, YEAR_AGO, "tanaka"), LICENSED,
                        "refused: a contract's 'until' must be after its 'from'"),
                Arguments.of("a hospital as company", new MaintenanceContract("c", "hosp-a", "hosp-a", List.of("CT-01"),
                        Set.of(Category.MONITOR), YEAR_AGO, YEAR_ON, "tanaka"), HOSPITAL,
                        "refused: hosp-a is a hospital, not a service company or manufacturer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registrations")
    void validateMaintenance(String name, MaintenanceContract contract, Organisation company, String expected) {
        assertEquals(expected, ContractRules.validate(contract, HOSPITAL, company).reason());
    }

    static Stream<Arguments> toolRegistrations() {
        return Stream.of(
                Arguments.of("a manufacturer's consent", MAKER, new ToolContract("t", "ctmaker", "medserve",
                        List.of("status"), YEAR_AGO, YEAR_ON, "ops"), "allowed"),
                Arguments.of("from a service company", LICENSED, new ToolContract("t", "medserve", "medserve",
                        List.of("status"), YEAR_AGO, YEAR_ON, "ops"), "refused: 'medserve' is not a registered manufacturer"),
                Arguments.of("a tool name with a shell in it", MAKER, new ToolContract("t", "ctmaker", "medserve",
                        List.of("status;sh"), YEAR_AGO, YEAR_ON, "ops"), "refused: tool name 'status;sh' is not valid"),
                Arguments.of("no tools", MAKER, new ToolContract("t", "ctmaker", "medserve", List.of(), YEAR_AGO,
                        YEAR_ON, "ops"), "refused: a tool contract names 1 to 256 tools"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toolRegistrations")
    void validateTools(String name, Organisation manufacturer, ToolContract contract, String expected) {
        assertEquals(expected, ContractRules.validate(contract, manufacturer, LICENSED).reason());
    }

    static Stream<Arguments> organisations() {
        return Stream.of(
                Arguments.of(HOSPITAL, "allowed"),
                Arguments.of(LICENSED, "allowed"),
                Arguments.of(MAKER, "allowed"),
                Arguments.of(new Organisation("Hosp A", OrgKind.HOSPITAL, "x", null, null, null, null),
                        "refused: organisation id 'Hosp A' is not valid (lower-case letters, digits, '.', '_', '-';"
                                + " at most 63)"),
                Arguments.of(new Organisation("hosp-z", OrgKind.HOSPITAL, "Z", "Mars/Olympus", null, null, null),
                        "refused: time zone 'Mars/Olympus' of hosp-z is not a zone id such as Asia/Tokyo"),
                Arguments.of(new Organisation("hosp-z", OrgKind.HOSPITAL, "Z", null, "13BS1", null, null),
                        "refused: hospital hosp-z takes no licence, responsible person or tools (those belong to"
                                + " companies)"),
                Arguments.of(new Organisation("svc", OrgKind.SERVICE_COMPANY, "S", null, null, null, List.of("status")),
                        "refused: only a manufacturer publishes tools, not svc"),
                Arguments.of(new Organisation("svc", null, "S", null, null, null, null),
                        "refused: organisation svc needs a kind (HOSPITAL, SERVICE_COMPANY or MANUFACTURER)"),
                Arguments.of(new Organisation("svc", OrgKind.SERVICE_COMPANY, "line\nbreak", null, null, null, null),
                        "refused: organisation svc needs a name of 1 to 200 characters"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("organisations")
    void validateOrganisation(Organisation org, String expected) {
        assertEquals(expected, OrganisationRules.validate(org).reason());
    }
}
