package dev.hoshu.broker.state;

import dev.hoshu.org.Organisation;
import java.util.List;
import java.util.Optional;

/** Hospitals, service companies and manufacturers by id. */
public interface OrganisationStore {

    Optional<Organisation> find(String id);

    List<Organisation> all();

    /** Adds a new organisation or replaces the one with its id. */
    void put(Organisation organisation);
}
