package dev.hoshu.hospitalpolicy;

import dev.hoshu.access.Category;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One hospital's rules for remote maintenance (REQ-ACC-3), as loaded from its YAML document.
 *
 * @param approverRoles    an approver must hold one of these roles (always at least {@code approver})
 * @param approverSubjects when not empty, only these people may approve
 * @param hours            maintenance hours in the hospital's zone, or {@code null} for any time
 * @param companies        when not empty, only these companies may ask
 * @param engineers        when not empty, only these engineers may ask
 * @param patientData      whether patient-data access may be approved at all
 * @param categories       the categories that may be asked for, each with its rules; a missing one is refused
 * @param engineersSeeOwnRecordings whether an engineer may replay and export the recordings of their own sessions
 *                                  at this hospital (metadata and content); off by default, as recordings hold
 *                                  personal information
 */
public record HospitalPolicy(String hospital, List<String> approverRoles, List<String> approverSubjects,
                             MaintenanceHours hours, List<String> companies, List<String> engineers,
                             boolean patientData, Map<Category, CategoryRules> categories, EmergencyRules emergency,
                             boolean engineersSeeOwnRecordings) {

    public HospitalPolicy {
        approverRoles = approverRoles == null || approverRoles.isEmpty() ? List.of("approver") : List.copyOf(approverRoles);
        approverSubjects = approverSubjects == null ? List.of() : List.copyOf(approverSubjects);
        companies = companies == null ? List.of() : List.copyOf(companies);
        engineers = engineers == null ? List.of() : List.copyOf(engineers);
        categories = categories == null || categories.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(categories));
        emergency = emergency == null ? EmergencyRules.OFF : emergency;
    }

    /**
     * The policy of a hospital that has not written one (ADR 0009): every category with one approver holding the
     * {@code approver} role, at most 8 hours, any time of day (the approver is the check), any contracted company
     * and engineer, no patient-data access, no observer, no emergency access, no recordings for engineers.
     */
    public static HospitalPolicy secureDefault(String hospital) {
        Map<Category, CategoryRules> all = new EnumMap<>(Category.class);
        for (Category category : Category.values()) {
            all.put(category, new CategoryRules(1, 480, List.of(), false));
        }
        return new HospitalPolicy(hospital, List.of("approver"), List.of(), null, List.of(), List.of(), false, all,
                EmergencyRules.OFF, false);
    }
}
