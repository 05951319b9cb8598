package dev.hoshu.hospitalpolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.access.Category;
import java.time.DayOfWeek;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyYamlTest {

    static final String FULL = """
            hospital: hosp-a
            approvers:
              roles: [approver]
              subjects: [tanaka, yamada]
            maintenance-hours:
              from: "08:00"
              to: "20:00"
              days: [MON, TUE, WED, THU, FRI]
            companies: [medserve]
            engineers: [sato]
            patient-data: true
            categories:
              MONITOR: {approvals: 1, max-minutes: 480, tools: [status, logcollect]}
              MAINTENANCE: {approvals: 1, max-minutes: 240}
              REPAIR:
                approvals: 2
                max-minutes: 120
                observer-required: true
            emergency:
              enabled: true
              categories: [MONITOR]
              tools: [status]
              max-minutes: 30
            recordings:
              engineers-see-own: true
            """;

    @Test
    void aFullDocumentLoadsEveryRule() {
        HospitalPolicy policy = PolicyYaml.parse(FULL);

        assertEquals("hosp-a", policy.hospital());
        assertEquals(List.of("tanaka", "yamada"), policy.approverSubjects());
        assertEquals(new MaintenanceHours(480, 1200, Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)), policy.hours());
        assertEquals(List.of("medserve"), policy.companies());
        assertEquals(List.of("sato"), policy.engineers());
        assertTrue(policy.patientData());
        assertEquals(new CategoryRules(1, 480, List.of("status", "logcollect"), false),
                policy.categories().get(Category.MONITOR));
        assertEquals(new CategoryRules(2, 120, List.of(), true), policy.categories().get(Category.REPAIR));
        assertEquals(new EmergencyRules(true, Set.of(Category.MONITOR), List.of("status"), 30), policy.emergency());
        assertTrue(policy.engineersSeeOwnRecordings());
    }

    @Test
    void leftOutKeysMeanTheSecureChoice() {
        HospitalPolicy policy = PolicyYaml.parse("hospital: hosp-b\ncategories:\n  MONITOR: {}\n");

        assertEquals(List.of("approver"), policy.approverRoles());
        assertEquals(null, policy.hours());
        assertFalse(policy.patientData());
        assertEquals(new CategoryRules(1, 480, List.of(), false), policy.categories().get(Category.MONITOR));
        assertFalse(policy.categories().containsKey(Category.REPAIR));
        assertEquals(EmergencyRules.OFF, policy.emergency());
        assertFalse(policy.engineersSeeOwnRecordings());
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("hospital: hosp-a\ncategories:\n  MONITOR: {}\nmaxminutes: 3\n",
                        "line 4: unknown key 'maxminutes' in the policy (known: hospital, approvers, maintenance-hours,"
                                + " companies, engineers, patient-data, categories, emergency, recordings)"),
                Arguments.of("hospital: hosp-a\ncategories:\n  REPAIR:\n    approvals: 2\n    max_minutes: 60\n",
                        "line 5: unknown key 'max_minutes' in categories.REPAIR (known: approvals, max-minutes, tools,"
                                + " observer-required)"),
                Arguments.of("categories:\n  MONITOR: {}\n", "line 1: the policy needs the key 'hospital'"),
                Arguments.of("hospital: hosp-a\n", "line 1: the policy needs the key 'categories'"),
                Arguments.of("hospital: ../etc\ncategories:\n  MONITOR: {}\n",
                        "line 1: hospital '../etc' is not a valid organisation id"),
                Arguments.of("hospital: hosp-a\ncategories:\n  MONITORING: {}\n",
                        "line 3: 'MONITORING' in categories is not a category (MONITOR, MAINTENANCE, REPAIR)"),
                Arguments.of("hospital: hosp-a\ncategories:\n  REPAIR: {approvals: 0}\n",
                        "line 3: categories.REPAIR.approvals must be a whole number from 1 to 10, not '0'"),
                Arguments.of("hospital: hosp-a\ncategories:\n  REPAIR: {max-minutes: 481}\n",
                        "line 3: categories.REPAIR.max-minutes must be a whole number from 1 to 480, not '481'"),
                Arguments.of("hospital: hosp-a\napprovers: {subjects: [tanaka]}\ncategories:\n  REPAIR: {approvals: 2}\n",
                        "line 4: categories.REPAIR needs 2 approvers but approvers.subjects names only 1"),
                Arguments.of("hospital: hosp-a\npatient-data: yes\ncategories:\n  MONITOR: {}\n",
                        "line 2: patient-data must be true or false, not 'yes'"),
                Arguments.of("hospital: hosp-a\nmaintenance-hours: {from: \"8am\", to: \"20:00\"}\ncategories:\n  MONITOR: {}\n",
                        "line 2: maintenance-hours.from must be a time HH:MM from 00:00 to 24:00, not '8am'"),
                Arguments.of("hospital: hosp-a\nmaintenance-hours: {from: \"08:00\", to: \"08:00\"}\ncategories:\n  MONITOR: {}\n",
                        "line 2: maintenance-hours from and to are equal; for all day write 00:00 to 24:00, or leave"
                                + " maintenance-hours out"),
                Arguments.of("hospital: hosp-a\nmaintenance-hours: {from: \"08:00\", to: \"20:00\", days: [FUN]}\n"
                        + "categories:\n  MONITOR: {}\n",
                        "line 2: day 'FUN' is not one of MON, TUE, WED, THU, FRI, SAT, SUN"),
                Arguments.of("hospital: hosp-a\ncategories:\n  MONITOR: {tools: [\"status; rm -rf /\"]}\n",
                        "line 3: 'status; rm -rf /' in categories.MONITOR.tools is not a valid tool name"),
                Arguments.of("hospital: hosp-a\ncategories:\n  MONITOR: {}\nemergency: {enabled: true, tools: [status]}\n",
                        "line 4: emergency is enabled but names no categories or no tools; emergency access is only"
                                + " ever for named categories and tools"),
                Arguments.of("hospital: hosp-a\ncategories:\n  MONITOR: {}\n"
                        + "emergency: {enabled: true, categories: [REPAIR], tools: [status]}\n",
                        "line 4: emergency allows REPAIR, which the policy's categories do not allow at all"),
                Arguments.of("hospital: hosp-a\nhospital: hosp-b\ncategories:\n  MONITOR: {}\n",
                        "line 2: key hospital appears twice in the policy"),
                Arguments.of("hospital: hosp-a\ncategories: [MONITOR]\n",
                        "line 2: categories must be a mapping of MONITOR, MAINTENANCE or REPAIR to their rules"),
                Arguments.of("hospital: hosp-a\ncategories: {}\n",
                        "line 2: categories allows nothing; name at least one of MONITOR, MAINTENANCE, REPAIR"),
                Arguments.of("a: &x [1]\nb: *x\n", "not valid YAML: Number of aliases for non-scalar nodes exceeds the specified max=0"),
                Arguments.of("hospital: [hosp-a\n", "line 2: not valid YAML: expected ',' or ']', but got <stream end>"),
                Arguments.of("   \n", "the policy document is empty"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("mistakes")
    void everyMistakeNamesItsLine(String yaml, String expected) {
        PolicyFormatException error = assertThrows(PolicyFormatException.class, () -> PolicyYaml.parse(yaml));
        assertEquals(expected, error.getMessage());
    }

    @Test
    void anOversizedDocumentIsRefusedBeforeParsing() {
        String huge = "hospital: hosp-a\n# " + "x".repeat(PolicyYaml.MAX_BYTES) + "\ncategories:\n  MONITOR: {}\n";
        assertEquals("the policy document is larger than 65536 bytes",
                assertThrows(PolicyFormatException.class, () -> PolicyYaml.parse(huge)).getMessage());
    }

    @Test
    void theDiffShowsOnlyTheChangedLines() {
        String before = "hospital: hosp-a\ncategories:\n  REPAIR: {approvals: 1}\n";
        String after = "hospital: hosp-a\ncategories:\n  REPAIR: {approvals: 2}\n  MONITOR: {}\n";
        assertEquals(List.of("-  REPAIR: {approvals: 1}", "+  REPAIR: {approvals: 2}", "+  MONITOR: {}"),
                PolicyDiff.lines(before, after));
        assertEquals(List.of("+hospital: hosp-a"), PolicyDiff.lines(null, "hospital: hosp-a\n"));
    }
}
