package dev.hoshu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OrganisationCommandsTest extends LoggedInCliTest {

    @Test
    void orgsListsEveryPartyWithItsLicenceAndTools() {
        broker.answer("GET /api/v1/organisations", 200, """
                [{"id":"hosp-a","kind":"HOSPITAL","name":"保守 総合病院","timeZone":"Asia/Tokyo","repairLicence":null,
                  "responsiblePerson":null,"tools":[]},
                 {"id":"hoshu-demo-mfr","kind":"MANUFACTURER","name":"Demo","timeZone":null,"repairLicence":null,
                  "responsiblePerson":null,"tools":["status","logcollect"]}]""");

        Cli.Result bare = cli.run("orgs");
        Cli.Result listed = cli.run("orgs", "list");

        assertEquals(0, bare.status(), bare.err());
        assertEquals(bare.out(), listed.out());
        assertEquals("""
                ID              KIND          NAME     REPAIR LICENCE  RESPONSIBLE  TIME ZONE   TOOLS
                hosp-a          HOSPITAL      保守 総合病院  -               -            Asia/Tokyo  -
                hoshu-demo-mfr  MANUFACTURER  Demo     -               -            -           status,logcollect
                """, bare.out());
    }

    @Test
    void orgsAddSendsTheOrganisation() {
        broker.answer("POST /api/v1/organisations", 201, """
                {"id":"cheapfix","kind":"SERVICE_COMPANY","name":"Cheap Fix","tools":[]}""");

        Cli.Result result = cli.run("orgs", "add", "cheapfix", "--kind", "service_company", "--name", "Cheap Fix",
                "--repair-licence", "13BS1", "--responsible-person", "Ito");

        assertEquals(0, result.status(), result.err());
        assertEquals("organisation cheapfix (SERVICE_COMPANY) registered: Cheap Fix\n", result.out());
        JsonNode body = JsonMapper.shared().readTree(broker.only().body());
        assertEquals("SERVICE_COMPANY", body.path("kind").asString());
        assertEquals("13BS1", body.path("repairLicence").asString());
        assertEquals("Ito", body.path("responsiblePerson").asString());
    }

    @Test
    void orgsAddRefusesAHostileIdWithoutSendingIt() {
        Cli.Result result = cli.run("orgs", "add", "../hosp-b", "--kind", "HOSPITAL", "--name", "x");

        assertEquals(1, result.status());
        assertEquals("refused: '../hosp-b' is not a valid organisation id (lower-case letters, digits, '.', '_', '-')\n",
                result.err());
        assertTrue(broker.sent().isEmpty());
    }

    @Test
    void orgsAddByANonOperatorPrintsTheBrokersOneLine() {
        broker.answer("POST /api/v1/organisations", 403,
                "{\"error\":\"denied: registering an organisation needs the operator role\"}");

        Cli.Result result = cli.run("orgs", "add", "cheapfix", "--kind", "SERVICE_COMPANY", "--name", "Cheap Fix");

        assertEquals(1, result.status());
        assertEquals("", result.out());
        assertEquals("denied: registering an organisation needs the operator role\n", result.err());
    }

    @Test
    void contractsListsBothKindsWithTheirStateNow() {
        broker.answer("GET /api/v1/contracts/maintenance", 200, """
                [{"id":"c-1","hospital":"hosp-a","company":"medserve","devices":["CT-01","CT-02"],
                  "categories":["MONITOR"],"from":"2025-01-01T00:00:00Z","until":"2026-01-01T00:00:00Z",
                  "registeredBy":"tanaka"}]""");
        broker.answer("GET /api/v1/contracts/tools", 200, """
                [{"id":"t-1","manufacturer":"hoshu-demo-mfr","company":"medserve","tools":["status"],
                  "from":"2025-01-01T00:00:00Z","until":"2036-01-01T00:00:00Z","registeredBy":"ops"}]""");

        Cli.Result result = cli.run("contracts", "list");

        assertEquals(0, result.status(), result.err());
        assertEquals("""
                MAINTENANCE  HOSPITAL  COMPANY   DEVICES      CATEGORIES  FROM                  UNTIL                 BY      STATE
                c-1          hosp-a    medserve  CT-01,CT-02  MONITOR     2025-01-01 09:00 JST  2026-01-01 09:00 JST  tanaka  ended

                TOOLS  MANUFACTURER    COMPANY   TOOL NAMES  FROM                  UNTIL                 BY   STATE
                t-1    hoshu-demo-mfr  medserve  status      2025-01-01 09:00 JST  2036-01-01 09:00 JST  ops  live
                """, result.out());
    }

    @Test
    void addMaintenanceReadsDatesInHospitalTime() {
        broker.answer("POST /api/v1/contracts/maintenance", 201, """
                {"id":"c-9","hospital":"hosp-a","company":"medserve","devices":["CT-09"],"categories":["MONITOR"],
                 "from":"2026-03-31T15:00:00Z","until":"2027-03-31T15:00:00Z","registeredBy":"tanaka"}""");

        Cli.Result result = cli.run("contracts", "add-maintenance", "--hospital", "hosp-a", "--company", "medserve",
                "--device", "CT-09", "--category", "MONITOR", "--from", "2026-04-01", "--until", "2027-04-01");

        assertEquals(0, result.status(), result.err());
        assertEquals("maintenance contract c-9 registered: medserve maintains CT-09 of hosp-a for MONITOR"
                + " from 2026-04-01 00:00 JST until 2027-04-01 00:00 JST\n", result.out());
        JsonNode body = JsonMapper.shared().readTree(broker.only().body());
        assertEquals("2026-03-31T15:00:00Z", body.path("from").asString());
        assertEquals("2027-03-31T15:00:00Z", body.path("until").asString());
        assertEquals("[\"CT-09\"]", body.path("devices").toString());
        assertEquals("[\"MONITOR\"]", body.path("categories").toString());
    }

    @Test
    void addMaintenanceRefusesBadDatesAndBackwardsPeriodsLocally() {
        Cli.Result garbled = cli.run("contracts", "add-maintenance", "--hospital", "hosp-a", "--company", "medserve",
                "--device", "CT-09", "--category", "MONITOR", "--from", "next week", "--until", "2027-04-01");
        Cli.Result backwards = cli.run("contracts", "add-maintenance", "--hospital", "hosp-a", "--company", "medserve",
                "--device", "CT-09", "--category", "MONITOR", "--from", "2027-04-01", "--until", "2026-04-01");
        Cli.Result device = cli.run("contracts", "add-maintenance", "--hospital", "hosp-a", "--company", "medserve",
                "--device", "CT-09;rm -rf /", "--category", "MONITOR", "--from", "2026-04-01", "--until", "2027-04-01");

        assertEquals(1, garbled.status());
        assertEquals("refused: --from next week is not a date like 2027-04-01, a time like 2027-04-01T09:00"
                + " (Asia/Tokyo) or an instant like 2027-04-01T00:00:00Z\n", garbled.err());
        assertEquals(1, backwards.status());
        assertEquals("refused: --until must be after --from\n", backwards.err());
        assertEquals(1, device.status());
        assertEquals("refused: 'CT-09;rm -rf /' is not a valid device id\n", device.err());
        assertTrue(broker.sent().isEmpty());
    }

    @Test
    void addMaintenanceForAnotherHospitalShowsTheBrokersRefusal() {
        broker.answer("POST /api/v1/contracts/maintenance", 403, "{\"error\":\"denied: an admin of hosp-b registers"
                + " only its own maintenance contracts, not 'hosp-a''s\"}");

        Cli.Result result = cli.run("contracts", "add-maintenance", "--hospital", "hosp-a", "--company", "medserve",
                "--device", "CT-09", "--category", "MONITOR", "--from", "2026-04-01", "--until", "2027-04-01");

        assertEquals(1, result.status());
        assertEquals("denied: an admin of hosp-b registers only its own maintenance contracts, not 'hosp-a''s\n",
                result.err());
    }

    @Test
    void addToolsSendsTheConsent() {
        broker.answer("POST /api/v1/contracts/tools", 201, """
                {"id":"t-5","manufacturer":"hoshu-demo-mfr","company":"cheapfix","tools":["status"],
                 "from":"2026-04-01T00:00:00Z","until":"2027-04-01T00:00:00Z","registeredBy":"ops"}""");

        Cli.Result result = cli.run("contracts", "add-tools", "--manufacturer", "hoshu-demo-mfr", "--company",
                "cheapfix", "--tool", "status", "--from", "2026-04-01T00:00:00Z", "--until", "2027-04-01T00:00:00Z");

        assertEquals(0, result.status(), result.err());
        assertEquals("tool contract t-5 registered: hoshu-demo-mfr lets cheapfix use status"
                + " from 2026-04-01 09:00 JST until 2027-04-01 09:00 JST\n", result.out());
        assertEquals("[\"status\"]", JsonMapper.shared().readTree(broker.only().body()).path("tools").toString());
    }

    @Test
    void addToolsRefusesAMalformedToolName() {
        Cli.Result result = cli.run("contracts", "add-tools", "--manufacturer", "hoshu-demo-mfr", "--company",
                "cheapfix", "--tool", "Status$(id)", "--from", "2026-04-01", "--until", "2027-04-01");

        assertEquals(1, result.status());
        assertEquals("refused: --tool 'Status$(id)' is not a valid tool name\n", result.err());
        assertTrue(broker.sent().isEmpty());
    }
}
