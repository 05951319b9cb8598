package dev.hoshu.broker.state;

import dev.hoshu.org.Organisation;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Organisations in {@code state/organisations.json}. */
public final class FileOrganisationStore implements OrganisationStore {

    private final JsonCollection<Organisation> organisations;

    public FileOrganisationStore(Path stateDir) {
        this.organisations = new JsonCollection<>(stateDir.resolve("organisations.json"), Organisation.class,
                Organisation::id);
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
