package dev.hoshu.broker.state;

import dev.hoshu.access.Grant;
import java.util.List;

/** Grants by id; the gateway sees them through {@link GrantLookup}. */
public interface GrantStore extends GrantLookup {

    void insert(Grant grant);

    List<Grant> all();
}
