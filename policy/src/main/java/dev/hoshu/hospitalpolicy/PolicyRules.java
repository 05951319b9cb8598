package dev.hoshu.hospitalpolicy;

import dev.hoshu.access.AccessRequest;
import dev.hoshu.access.Actor;
import dev.hoshu.access.Category;
import dev.hoshu.access.Decision;
import dev.hoshu.access.Names;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** A hospital's policy applied to a request, an approver, a window and an emergency (REQ-ACC-2, -3). */
public final class PolicyRules {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private PolicyRules() {
    }

    /** Whether the hospital accepts this request at all: category, company, engineer, tools, patient data. */
    public static Decision mayAsk(HospitalPolicy policy, AccessRequest request) {
        String hospital = policy.hospital();
        CategoryRules rules = policy.categories().get(request.category());
        if (rules == null) {
            return Decision.refuse("denied: " + hospital + "'s policy allows no " + request.category() + " requests");
        }
        if (!policy.companies().isEmpty() && !policy.companies().contains(request.company())) {
            return Decision.refuse("denied: " + hospital + "'s policy accepts no requests from company "
                    + Names.quoted(request.company()));
        }
        if (!policy.engineers().isEmpty() && !policy.engineers().contains(request.engineer())) {
            return Decision.refuse("denied: " + hospital + "'s policy does not name engineer "
                    + Names.quoted(request.engineer()));
        }
        for (String tool : request.tools()) {
            if (!rules.tools().isEmpty() && !rules.tools().contains(tool)) {
                return Decision.refuse("denied: " + hospital + "'s policy allows no tool " + Names.quoted(tool)
                        + " for " + request.category() + " (allowed: " + String.join(", ", rules.tools()) + ")");
            }
        }
        if (request.patientData() && !policy.patientData()) {
            return Decision.refuse("denied: " + hospital + "'s policy does not allow patient-data access");
        }
        return Decision.allow();
    }

    /**
     * Whether a window of {@code minutes} from {@code start} fits the category's longest window and the hospital's
     * maintenance hours, read in its zone.
     */
    public static Decision windowFits(HospitalPolicy policy, ZoneId zone, Category category, Instant start,
                                      int minutes) {
        CategoryRules rules = policy.categories().get(category);
        if (rules == null) {
            return Decision.refuse("denied: " + policy.hospital() + "'s policy allows no " + category + " requests");
        }
        if (minutes > rules.maxMinutes()) {
            return Decision.refuse("denied: " + policy.hospital() + " allows at most " + rules.maxMinutes()
                    + " minutes for " + category + ", not " + minutes);
        }
        return withinHours(policy, zone, start, minutes);
    }

    static Decision withinHours(HospitalPolicy policy, ZoneId zone, Instant start, int minutes) {
        MaintenanceHours hours = policy.hours();
        if (hours == null) {
            return Decision.allow();
        }
        ZonedDateTime from = start.atZone(zone);
        ZonedDateTime to = from.plusMinutes(minutes);
        if (hours.contains(from, to)) {
            return Decision.allow();
        }
        return Decision.refuse("denied: the window " + LOCAL.format(from) + "–" + LOCAL.format(to).substring(11) + " "
                + zone.getId() + " is outside " + policy.hospital() + "'s maintenance hours ("
                + hours.describe() + ")");
    }

    /** Whether this approver may give one of the request's approvals under the hospital's policy. */
    public static Decision mayApprove(HospitalPolicy policy, AccessRequest request, Actor approver) {
        if (policy.approverRoles().stream().noneMatch(approver::hasRole)) {
            return Decision.refuse("denied: " + policy.hospital() + "'s policy lets only "
                    + String.join(" or ", policy.approverRoles()) + " approve");
        }
        if (!policy.approverSubjects().isEmpty() && !policy.approverSubjects().contains(approver.subject())) {
            return Decision.refuse("denied: " + policy.hospital() + "'s policy does not name "
                    + Names.quoted(approver.subject()) + " among its approvers");
        }
        if (request.approvedBy(approver.subject())) {
            int needed = approvalsNeeded(policy, request.category());
            return Decision.refuse("refused: " + approver.subject() + " already approved " + request.id()
                    + "; a second approval by the same person does not count (" + request.category() + " needs "
                    + needed + " distinct approvers, " + request.approvals().size() + " so far)");
        }
        return Decision.allow();
    }

    /** N of N-of-M; a category the policy does not allow can never gather enough. */
    public static int approvalsNeeded(HospitalPolicy policy, Category category) {
        CategoryRules rules = policy.categories().get(category);
        return rules == null ? Integer.MAX_VALUE : rules.approvals();
    }

    public static boolean observerRequired(HospitalPolicy policy, Category category) {
        CategoryRules rules = policy.categories().get(category);
        return rules != null && rules.observerRequired();
    }

    /** Whether an engineer may open access now, without prior approval, for this category, these tools and time. */
    public static Decision mayOpenEmergency(HospitalPolicy policy, Category category, List<String> tools,
                                            int minutes) {
        EmergencyRules emergency = policy.emergency();
        if (!emergency.enabled()) {
            return Decision.refuse("denied: " + policy.hospital() + "'s policy does not allow emergency access");
        }
        if (!emergency.categories().contains(category)) {
            return Decision.refuse("denied: " + policy.hospital() + "'s policy allows emergency access for "
                    + emergency.categories().stream().sorted().map(Enum::name).toList() + " only, not " + category);
        }
        for (String tool : tools) {
            if (!emergency.tools().contains(tool)) {
                return Decision.refuse("denied: " + policy.hospital() + "'s policy allows no tool "
                        + Names.quoted(tool) + " in an emergency (allowed: " + String.join(", ", emergency.tools())
                        + ")");
            }
        }
        if (minutes > emergency.maxMinutes()) {
            return Decision.refuse("denied: " + policy.hospital() + " allows emergency access for at most "
                    + emergency.maxMinutes() + " minutes, not " + minutes);
        }
        return Decision.allow();
    }
}
