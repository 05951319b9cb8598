package dev.hoshu.hospitalpolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hoshu.access.AccessRequest;
import dev.hoshu.access.Actor;
import dev.hoshu.access.Category;
import dev.hoshu.access.RequestApproval;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyRulesTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    /** Friday 2026-11-20 10:00 JST. */
    private static final Instant FRIDAY_10 = Instant.parse("2026-11-20T01:00:00Z");
    private static final HospitalPolicy POLICY = PolicyYaml.parse(PolicyYamlTest.FULL);
    private static final Actor SATO = new Actor("sato", "medserve", Set.of("engineer"), "S");
    private static final Actor TANAKA = new Actor("tanaka", "hosp-a", Set.of("approver"), "T");

    private static AccessRequest request(Actor engineer, Category category, List<String> tools, int minutes,
                                         boolean patientData) {
        return AccessRequest.pending("r-1", engineer, "hosp-a", "CT-01", category, tools, "E-12", minutes, FRIDAY_10,
                null, null, patientData, FRIDAY_10.plusSeconds(3600));
    }

    static Stream<Arguments> asks() {
        return Stream.of(
                Arguments.of("a listed engineer asks for a listed tool", request(SATO, Category.MONITOR,
                        List.of("status"), 60, false), "allowed"),
                Arguments.of("patient data where the policy allows it", request(SATO, Category.MAINTENANCE,
                        List.of("anything"), 60, true), "allowed"),
                Arguments.of("category the policy leaves out", PolicyRulesTest.onlyMonitor(),
                        "denied: hosp-b's policy allows no REPAIR requests"),
                Arguments.of("company not listed", request(new Actor("sato", "othercorp", Set.of("engineer"), "S"),
                        Category.MONITOR, List.of("status"), 60, false),
                        "denied: hosp-a's policy accepts no requests from company 'othercorp'"),
                Arguments.of("engineer not listed", request(new Actor("ito", "medserve", Set.of("engineer"), "I"),
                        Category.MONITOR, List.of("status"), 60, false),
                        "denied: hosp-a's policy does not name engineer 'ito'"),
                Arguments.of("tool outside the category's list", request(SATO, Category.MONITOR,
                        List.of("status", "selftest"), 60, false),
                        "denied: hosp-a's policy allows no tool 'selftest' for MONITOR (allowed: status, logcollect)"));
    }

    static AccessRequest onlyMonitor() {
        return AccessRequest.pending("r-2", SATO, "hosp-b", "MR-01", Category.REPAIR, List.of("status"), "E-12", 60,
                FRIDAY_10, null, null, false, FRIDAY_10.plusSeconds(3600));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("asks")
    void mayAsk(String name, AccessRequest request, String expected) {
        HospitalPolicy policy = request.hospital().equals("hosp-b")
                ? PolicyYaml.parse("hospital: hosp-b\ncategories:\n  MONITOR: {}\n") : POLICY;
        assertEquals(expected, PolicyRules.mayAsk(policy, request).reason());
    }

    @Test
    void patientDataIsRefusedWhereThePolicyDoesNotAllowIt() {
        HospitalPolicy closed = HospitalPolicy.secureDefault("hosp-a");
        assertEquals("denied: hosp-a's policy does not allow patient-data access",
                PolicyRules.mayAsk(closed, request(SATO, Category.MONITOR, List.of("status"), 60, true)).reason());
    }

    static Stream<Arguments> windows() {
        Instant friday1930 = Instant.parse("2026-11-20T10:30:00Z");
        Instant saturday10 = Instant.parse("2026-11-21T01:00:00Z");
        return Stream.of(
                Arguments.of("inside the hours", Category.MONITOR, FRIDAY_10, 60, "allowed"),
                Arguments.of("ends exactly at closing", Category.MONITOR, friday1930, 30, "allowed"),
                Arguments.of("runs past closing", Category.MONITOR, friday1930, 60,
                        "denied: the window 2026-11-20 19:30–20:30 Asia/Tokyo is outside hosp-a's maintenance hours"
                                + " (08:00–20:00 on MON, TUE, WED, THU, FRI)"),
                Arguments.of("on a day not listed", Category.MONITOR, saturday10, 60,
                        "denied: the window 2026-11-21 10:00–11:00 Asia/Tokyo is outside hosp-a's maintenance hours"
                                + " (08:00–20:00 on MON, TUE, WED, THU, FRI)"),
                Arguments.of("longest window exactly", Category.REPAIR, FRIDAY_10, 120, "allowed"),
                Arguments.of("longer than the category allows", Category.REPAIR, FRIDAY_10, 121,
                        "denied: hosp-a allows at most 120 minutes for REPAIR, not 121"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("windows")
    void windowFits(String name, Category category, Instant start, int minutes, String expected) {
        assertEquals(expected, PolicyRules.windowFits(POLICY, TOKYO, category, start, minutes).reason());
    }

    @Test
    void overnightHoursRunPastMidnight() {
        HospitalPolicy night = PolicyYaml.parse("hospital: hosp-a\nmaintenance-hours: {from: \"22:00\", to: \"06:00\"}\n"
                + "categories:\n  MONITOR: {}\n");
        Instant twoAm = Instant.parse("2026-11-20T17:00:00Z");
        Instant noon = Instant.parse("2026-11-20T03:00:00Z");
        assertEquals("allowed", PolicyRules.windowFits(night, TOKYO, Category.MONITOR, twoAm, 120).reason());
        assertEquals("denied: the window 2026-11-21 02:00–06:01 Asia/Tokyo is outside hosp-a's maintenance hours"
                + " (22:00–06:00 every day)", PolicyRules.windowFits(night, TOKYO, Category.MONITOR, twoAm, 241).reason());
        assertEquals("denied: the window 2026-11-20 12:00–13:00 Asia/Tokyo is outside hosp-a's maintenance hours"
                + " (22:00–06:00 every day)", PolicyRules.windowFits(night, TOKYO, Category.MONITOR, noon, 60).reason());
    }

    static Stream<Arguments> approvers() {
        AccessRequest repair = request(SATO, Category.REPAIR, List.of("status"), 60, false);
        return Stream.of(
                Arguments.of("a named approver", repair, TANAKA, "allowed"),
                Arguments.of("an approver the policy does not name", repair,
                        new Actor("kimura", "hosp-a", Set.of("approver"), "K"),
                        "denied: hosp-a's policy does not name 'kimura' among its approvers"),
                Arguments.of("a role the policy does not accept", repair,
                        new Actor("tanaka", "hosp-a", Set.of("hospital-admin"), "T"),
                        "denied: hosp-a's policy lets only approver approve"),
                Arguments.of("the same approver twice", repair.withApproval(new RequestApproval("tanaka", FRIDAY_10,
                        null)), TANAKA, "refused: tanaka already approved r-1; a second approval by the same person"
                        + " does not count (REPAIR needs 2 distinct approvers, 1 so far)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("approvers")
    void mayApprove(String name, AccessRequest request, Actor approver, String expected) {
        assertEquals(expected, PolicyRules.mayApprove(POLICY, request, approver).reason());
    }

    @Test
    void approvalsAndObserversComePerCategory() {
        assertEquals(2, PolicyRules.approvalsNeeded(POLICY, Category.REPAIR));
        assertEquals(1, PolicyRules.approvalsNeeded(POLICY, Category.MONITOR));
        assertEquals(true, PolicyRules.observerRequired(POLICY, Category.REPAIR));
        assertEquals(false, PolicyRules.observerRequired(POLICY, Category.MONITOR));
    }

    static Stream<Arguments> emergencies() {
        return Stream.of(
                Arguments.of("named category and tool", POLICY, Category.MONITOR, List.of("status"), 30, "allowed"),
                Arguments.of("off by default", HospitalPolicy.secureDefault("hosp-b"), Category.MONITOR,
                        List.of("status"), 30, "denied: hosp-b's policy does not allow emergency access"),
                Arguments.of("category not named", POLICY, Category.REPAIR, List.of("status"), 30,
                        "denied: hosp-a's policy allows emergency access for [MONITOR] only, not REPAIR"),
                Arguments.of("tool not named", POLICY, Category.MONITOR, List.of("logcollect"), 30,
                        "denied: hosp-a's policy allows no tool 'logcollect' in an emergency (allowed: status)"),
                Arguments.of("too long", POLICY, Category.MONITOR, List.of("status"), 31,
                        "denied: hosp-a allows emergency access for at most 30 minutes, not 31"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("emergencies")
    void mayOpenEmergency(String name, HospitalPolicy policy, Category category, List<String> tools, int minutes,
                          String expected) {
        assertEquals(expected, PolicyRules.mayOpenEmergency(policy, category, tools, minutes).reason());
    }

    @Test
    void theSecureDefaultAsksOneApproverForEveryCategoryAnyTimeUpToEightHours() {
        HospitalPolicy fallback = HospitalPolicy.secureDefault("hosp-c");
        for (Category category : Category.values()) {
            assertEquals(1, PolicyRules.approvalsNeeded(fallback, category));
            assertEquals("allowed", PolicyRules.windowFits(fallback, TOKYO, category, FRIDAY_10, 480).reason());
        }
        assertEquals("denied: hosp-c allows at most 480 minutes for MONITOR, not 481",
                PolicyRules.windowFits(fallback, TOKYO, Category.MONITOR, FRIDAY_10, 481).reason());
    }
}
