package dev.hoshu.broker.state;

import dev.hoshu.org.Organisation;
import java.util.List;
import java.util.Optional;

/** Organisations in the collection {@code organisations}. */
public final class OrganisationRecords implements OrganisationStore {

    private final RecordCollection<Organisation> organisations;

    public OrganisationRecords(RecordCollections collections) {
        this.organisations = collections.open("organisations", Organisation.class, Organisation::id);
    }

    @Override
    public Optional<Organisation> find(String id) {
        return organisations.find(id);
    }

    @Override
    public List<Organisation> all() {
        return organisations.all();
    }

    @Override
    public void put(Organisation organisation) {
        organisations.put(organisation);
    }
}
