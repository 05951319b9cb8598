package dev.hoshu.broker.state;

import dev.hoshu.access.AccessRequest;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Access requests by id. */
public interface RequestStore {

    void insert(AccessRequest request);

    Optional<AccessRequest> find(String requestId);

    List<AccessRequest> all();

    /** Applies {@code change} atomically with respect to other changes; empty if there is no such request. */
    Optional<AccessRequest> update(String requestId, UnaryOperator<AccessRequest> change);
}
