package dev.hoshu.broker.responsibility;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.Responsibilities;
import dev.hoshu.api.service.ResponsibilityService;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.AuditedCall;
import dev.hoshu.broker.state.HospitalResponsibilities;
import dev.hoshu.broker.state.ResponsibilityStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The who-does-what sheets: a hospital's approvers, auditors and admins read their own hospital's, its admins
 * replace it. A sheet is checked whole before it is stored, so a half-filled one never stands.
 */
public final class HospitalRoles implements ResponsibilityService {

    static final int MAX_FIELD = 200;
    static final int MAX_CONTACTS = 20;

    private final ResponsibilityStore store;
    private final AuditedCall audit;
    private final Clock clock;

    public HospitalRoles(ResponsibilityStore store, AuditTrail audit, Clock clock) {
        this.store = store;
        this.audit = new AuditedCall(audit);
        this.clock = clock;
    }

    @Override
    public Responsibilities responsibilities(Actor actor) {
        return audit.run("responsibility.view", actor, act -> {
            act.about(actor.organisation(), "responsibilities");
            if (!actor.hasRole("approver") && !actor.hasRole("auditor") && !actor.hasRole("hospital-admin")) {
                throw RefusedException.forbidden("denied: who does what is shown to the hospital's approvers, auditors"
                        + " and admins");
            }
            return store.find(actor.organisation()).map(HospitalResponsibilities::sheet)
                    .orElseThrow(() -> RefusedException.notFound("no who-does-what sheet for " + actor.organisation()
                            + " yet; a hospital-admin writes it with: hoshu responsibilities set FILE"));
        });
    }

    @Override
    public Responsibilities update(Actor actor, Responsibilities asked) {
        return audit.run("responsibility.update", actor, act -> {
            act.about(actor.organisation(), "responsibilities");
            if (!actor.hasRole("hospital-admin")) {
                throw RefusedException.forbidden("denied: writing who does what needs the hospital-admin role");
            }
            Responsibilities sheet = checked(asked, actor);
            act.detail("serviceCompany", sheet.serviceCompany().name())
                    .detail("serverOperator", sheet.serverOperator().name())
                    .detail("manufacturer", sheet.manufacturer().name())
                    .detail("responsiblePerson", sheet.responsiblePerson().name())
                    .detail("emergencyContacts", String.valueOf(sheet.emergencyContacts().size()));
            act.allow();
            store.put(new HospitalResponsibilities(actor.organisation(), sheet));
            return sheet;
        });
    }

    private Responsibilities checked(Responsibilities asked, Actor actor) {
        if (asked == null) {
            throw RefusedException.badRequest("refused: the sheet is empty");
        }
        List<String> missing = new ArrayList<>();
        Responsibilities.Party company = party("serviceCompany", asked.serviceCompany(), missing);
        Responsibilities.Party operator = party("serverOperator", asked.serverOperator(), missing);
        Responsibilities.Party manufacturer = party("manufacturer", asked.manufacturer(), missing);
        Responsibilities.Party person = party("responsiblePerson", asked.responsiblePerson(), missing);
        if (asked.emergencyContacts().isEmpty()) {
            missing.add("emergencyContacts");
        }
        if (!missing.isEmpty()) {
            throw RefusedException.badRequest("refused: who does what needs serviceCompany, serverOperator, "
                    + "manufacturer, responsiblePerson (each with name and contact) and at least one emergency contact;"
                    + " missing: " + String.join(", ", missing));
        }
        if (asked.emergencyContacts().size() > MAX_CONTACTS) {
            throw RefusedException.badRequest("refused: at most " + MAX_CONTACTS + " emergency contacts");
        }
        List<Responsibilities.Contact> contacts = new ArrayList<>();
        for (int i = 0; i < asked.emergencyContacts().size(); i++) {
            Responsibilities.Contact c = asked.emergencyContacts().get(i);
            String where = "emergencyContacts[" + i + "]";
            if (c == null || text(where + ".name", c.name()) == null || text(where + ".contact", c.contact()) == null) {
                throw RefusedException.badRequest("refused: " + where + " needs a name and a contact");
            }
            contacts.add(new Responsibilities.Contact(text(where + ".name", c.name()), text(where + ".role", c.role()),
                    text(where + ".contact", c.contact())));
        }
        return new Responsibilities(actor.organisation(), company, operator, manufacturer, person, contacts,
                actor.subject(), clock.instant());
    }

    private static Responsibilities.Party party(String field, Responsibilities.Party party, List<String> missing) {
        String name = party == null ? null : text(field + ".name", party.name());
        String contact = party == null ? null : text(field + ".contact", party.contact());
        if (name == null || contact == null) {
            missing.add(field);
            return null;
        }
        return new Responsibilities.Party(name, contact);
    }

    /** One line of plain text, at most {@value #MAX_FIELD} characters; blank is {@code null}. */
    private static String text(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String stripped = value.strip();
        if (stripped.codePointCount(0, stripped.length()) > MAX_FIELD) {
            throw RefusedException.badRequest("refused: " + field + " is longer than " + MAX_FIELD + " characters");
        }
        if (stripped.codePoints().anyMatch(cp -> Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT
                || cp == 0x2028 || cp == 0x2029)) {
            throw RefusedException.badRequest("refused: " + field
                    + " holds control or invisible format characters; write one line of plain text");
        }
        return stripped;
    }
}
