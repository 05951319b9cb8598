package dev.hoshu.broker.state;

import java.util.Optional;

/** Every version of every hospital's policy document. */
public interface PolicyStore {

    /** The hospital's newest version, or empty when it never applied one. */
    Optional<PolicyVersion> latest(String hospital);

    /** Adds the next version; refused when {@code version} is not exactly one more than the newest. */
    void append(PolicyVersion version);
}
