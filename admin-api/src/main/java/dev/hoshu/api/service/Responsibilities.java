package dev.hoshu.api.service;

import java.time.Instant;
import java.util.List;

/**
 * Who does what for one hospital's remote maintenance (REQ-WORK-3, JESRA TR-0036's division of roles). On writing,
 * {@code hospital}, {@code updatedBy} and {@code updatedAt} are set by the broker.
 *
 * @param serviceCompany    the company that maintains the devices (repair-business licence holder)
 * @param serverOperator    who runs the Hoshu broker
 * @param manufacturer      the devices' manufacturer
 * @param responsiblePerson the service company's responsible person in Japan
 */
public record Responsibilities(String hospital, Party serviceCompany, Party serverOperator, Party manufacturer,
                               Party responsiblePerson, List<Contact> emergencyContacts, String updatedBy,
                               Instant updatedAt) {

    public Responsibilities {
        emergencyContacts = emergencyContacts == null ? List.of() : List.copyOf(emergencyContacts);
    }

    /** A party by name and how to reach it (phone, mail or address, as the hospital writes it). */
    public record Party(String name, String contact) {
    }

    /** Someone to call in an emergency: name, what they do, how to reach them. */
    public record Contact(String name, String role, String contact) {
    }
}
