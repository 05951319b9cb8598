package dev.hoshu.broker.state;

import dev.hoshu.tools.HospitalKeyTrust;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Each hospital's trusted manufacturer key ids in {@code state/tool-trust.json}. */
public final class HospitalKeyTrustStore {

    private final JsonCollection<HospitalKeyTrust> lists;

    public HospitalKeyTrustStore(Path stateDir) {
        this.lists = new JsonCollection<>(stateDir.resolve("tool-trust.json"), HospitalKeyTrust.class,
                HospitalKeyTrust::hospital);
    }

    public Optional<HospitalKeyTrust> find(String hospital) {
        return lists.find(hospital);
    }

    /** Stores {@code change(current)}, {@code current} being empty for a hospital that never listed keys. */
    public synchronized HospitalKeyTrust change(String hospital, UnaryOperator<HospitalKeyTrust> change,
                                                HospitalKeyTrust none) {
        HospitalKeyTrust next = change.apply(lists.find(hospital).orElse(none));
        lists.put(next);
        return next;
    }
}
