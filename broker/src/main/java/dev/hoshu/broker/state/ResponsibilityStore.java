package dev.hoshu.broker.state;

import java.util.Optional;

/** Each hospital's who-does-what sheet. */
public interface ResponsibilityStore {

    Optional<HospitalResponsibilities> find(String hospital);

    void put(HospitalResponsibilities sheet);
}
