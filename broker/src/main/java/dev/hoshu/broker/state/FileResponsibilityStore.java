package dev.hoshu.broker.state;

import java.nio.file.Path;
import java.util.Optional;

/** Who-does-what sheets in {@code state/responsibilities.json}. */
public final class FileResponsibilityStore implements ResponsibilityStore {

    private final JsonCollection<HospitalResponsibilities> sheets;

    public FileResponsibilityStore(Path stateDir) {
        this.sheets = new JsonCollection<>(stateDir.resolve("responsibilities.json"), HospitalResponsibilities.class,
                HospitalResponsibilities::hospital);
    }

    @Override
    public Optional<HospitalResponsibilities> find(String hospital) {
        return sheets.find(hospital);
    }

    @Override
    public void put(HospitalResponsibilities sheet) {
        sheets.put(sheet);
    }
}
