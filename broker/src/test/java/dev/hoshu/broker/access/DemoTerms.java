package dev.hoshu.broker.access;

import dev.hoshu.access.Category;
import dev.hoshu.broker.state.ContractRecords;
import dev.hoshu.broker.state.OrganisationRecords;
import dev.hoshu.broker.state.PolicyRecords;
import dev.hoshu.org.MaintenanceContract;
import dev.hoshu.org.OrgKind;
import dev.hoshu.org.Organisation;
import dev.hoshu.org.ToolContract;
import dev.hoshu.broker.state.RecordCollections;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The quickstart's parties in a state folder: hospitals hosp-a and hosp-b, the licensed company medserve with
 * maintenance contracts for CT-01 (hosp-a) and MR-07 (hosp-b) and the manufacturer's consent for the demo tools; no
 * policies, so the secure default holds.
 */
final class DemoTerms {

    static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant UNTIL = Instant.parse("2036-01-01T00:00:00Z");

    final OrganisationRecords organisations;
    final ContractRecords contracts;
    final PolicyRecords policies;
    final HospitalTerms terms;

    DemoTerms(Path state) {
        organisations = new OrganisationRecords(RecordCollections.inFolder(state));
        contracts = new ContractRecords(RecordCollections.inFolder(state));
        policies = new PolicyRecords(RecordCollections.inFolder(state));
        organisations.put(new Organisation("hosp-a", OrgKind.HOSPITAL, "Hospital A", null, null, null, null));
        organisations.put(new Organisation("hosp-b", OrgKind.HOSPITAL, "Hospital B", null, null, null, null));
        organisations.put(new Organisation("medserve", OrgKind.SERVICE_COMPANY, "MedServe", null, "13BS200123",
                "山本 太郎", null));
        organisations.put(new Organisation("demo-mfr", OrgKind.MANUFACTURER, "Demo", null, null, null,
                List.of("status", "logcollect", "selftest")));
        contracts.insert(new MaintenanceContract("c-a", "hosp-a", "medserve", List.of("CT-01"),
                Set.of(Category.values()), FROM, UNTIL, "tanaka"));
        contracts.insert(new MaintenanceContract("c-b", "hosp-b", "medserve", List.of("MR-07"),
                Set.of(Category.values()), FROM, UNTIL, "kato"));
        contracts.insert(new ToolContract("t-1", "demo-mfr", "medserve", List.of("status", "logcollect", "selftest"),
                FROM, UNTIL, "ops"));
        terms = new HospitalTerms(organisations, contracts, policies);
    }
}
