package dev.hoshu.broker.state;

import java.util.Optional;

/** Who-does-what sheets in the collection {@code responsibilities}. */
public final class ResponsibilityRecords implements ResponsibilityStore {

    private final RecordCollection<HospitalResponsibilities> sheets;

    public ResponsibilityRecords(RecordCollections collections) {
        this.sheets = collections.open("responsibilities", HospitalResponsibilities.class,
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
