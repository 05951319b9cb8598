package dev.hoshu.org;

import dev.hoshu.access.Decision;
import dev.hoshu.access.Names;
import java.time.DateTimeException;
import java.time.ZoneId;

/** What a registered organisation must look like. */
public final class OrganisationRules {

    public static final int MAX_TEXT = 200;
    public static final int MAX_TOOLS = 256;

    private OrganisationRules() {
    }

    public static Decision validate(Organisation org) {
        if (org == null) {
            return Decision.refuse("refused: no organisation given");
        }
        if (!Names.isOrganisationId(org.id())) {
            return Decision.refuse("refused: organisation id " + Names.quoted(org.id())
                    + " is not valid (lower-case letters, digits, '.', '_', '-'; at most 63)");
        }
        if (org.kind() == null) {
            return Decision.refuse("refused: organisation " + org.id()
                    + " needs a kind (HOSPITAL, SERVICE_COMPANY or MANUFACTURER)");
        }
        if (blank(org.name()) || tooLong(org.name())) {
            return Decision.refuse("refused: organisation " + org.id() + " needs a name of 1 to " + MAX_TEXT
                    + " characters");
        }
        if (tooLong(org.repairLicence()) || tooLong(org.responsiblePerson())) {
            return Decision.refuse("refused: licence number and responsible person are at most " + MAX_TEXT
                    + " characters");
        }
        if (org.kind() == OrgKind.HOSPITAL) {
            if (!blank(org.repairLicence()) || !blank(org.responsiblePerson()) || !org.tools().isEmpty()) {
                return Decision.refuse("refused: hospital " + org.id()
                        + " takes no licence, responsible person or tools (those belong to companies)");
            }
            try {
                ZoneId.of(org.timeZone());
            } catch (DateTimeException e) {
                return Decision.refuse("refused: time zone " + Names.quoted(org.timeZone()) + " of " + org.id()
                        + " is not a zone id such as Asia/Tokyo");
            }
        } else if (org.timeZone() != null) {
            return Decision.refuse("refused: only hospitals have a time zone, not " + org.id());
        }
        if (!org.tools().isEmpty() && org.kind() != OrgKind.MANUFACTURER) {
            return Decision.refuse("refused: only a manufacturer publishes tools, not " + org.id());
        }
        if (org.tools().size() > MAX_TOOLS) {
            return Decision.refuse("refused: at most " + MAX_TOOLS + " tools per manufacturer");
        }
        for (String tool : org.tools()) {
            if (!Names.isToolName(tool)) {
                return Decision.refuse("refused: tool name " + Names.quoted(tool) + " is not valid");
            }
        }
        return Decision.allow();
    }

    static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static boolean tooLong(String text) {
        return text != null && (text.length() > MAX_TEXT || text.codePoints().anyMatch(Character::isISOControl));
    }
}
