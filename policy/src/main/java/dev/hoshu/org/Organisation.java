package dev.hoshu.org;

import java.util.List;

/**
 * A party known to the broker. Its id is what tokens carry in their organisation claim.
 *
 * @param timeZone          a hospital's zone (maintenance hours are read in it); {@code Asia/Tokyo} when not given
 * @param repairLicence     the company's repair-business licence number (医療機器修理業許可番号), else {@code null}
 * @param responsiblePerson the company's responsible person in Japan, else {@code null}
 * @param tools             the tools a manufacturer publishes (their names in signed manifests)
 */
public record Organisation(String id, OrgKind kind, String name, String timeZone, String repairLicence,
                           String responsiblePerson, List<String> tools) {

    public static final String DEFAULT_TIME_ZONE = "Asia/Tokyo";

    public Organisation {
        tools = tools == null ? List.of() : List.copyOf(tools);
        timeZone = kind == OrgKind.HOSPITAL && (timeZone == null || timeZone.isBlank()) ? DEFAULT_TIME_ZONE : timeZone;
    }

    /** REQ-CAT-2: both a licence number and a named responsible person, not one of them. */
    public boolean licensedForRepair() {
        return repairLicence != null && !repairLicence.isBlank()
                && responsiblePerson != null && !responsiblePerson.isBlank();
    }

    public boolean publishes(String tool) {
        return kind == OrgKind.MANUFACTURER && tools.contains(tool);
    }
}
