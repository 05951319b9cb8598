package dev.hoshu.broker.state;

import dev.hoshu.tools.HospitalKeyTrust;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Each hospital's trusted manufacturer key ids in the collection {@code tool-trust}. */
public final class HospitalKeyTrustStore {

    private final RecordCollection<HospitalKeyTrust> lists;

    public HospitalKeyTrustStore(RecordCollections collections) {
        this.lists = collections.open("tool-trust", HospitalKeyTrust.class, HospitalKeyTrust::hospital);
    }

    public Optional<HospitalKeyTrust> find(String hospital) {
        return lists.find(hospital);
    }

    /** Stores {@code change(current)}, {@code current} being empty for a hospital that never listed keys. */
    public HospitalKeyTrust change(String hospital, UnaryOperator<HospitalKeyTrust> change, HospitalKeyTrust none) {
        return lists.merge(hospital, current -> change.apply(current == null ? none : current));
    }
}
