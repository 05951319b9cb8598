package dev.hoshu.broker.gateway;

import dev.hoshu.access.Category;
import dev.hoshu.access.Grant;
import dev.hoshu.broker.state.GrantLookup;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Grants held in memory for gateway tests. */
final class InMemoryGrants implements GrantLookup {

    private final Map<String, Grant> grants = new ConcurrentHashMap<>();

    Grant add(String id, String device, List<String> tools, Instant notBefore, Instant notAfter) {
        return add(id, device, tools, notBefore, notAfter, false);
    }

    /** @param observerRequired the hospital's policy wants one of its observers watching (four-eyes) */
    Grant add(String id, String device, List<String> tools, Instant notBefore, Instant notAfter,
              boolean observerRequired) {
        Grant grant = new Grant(id, "r-" + id, "eng-1", "acme-service", "hosp-a", device, Category.MONITOR, tools,
                notBefore, notAfter, List.of("appr-1"), null, null, false, observerRequired, false);
        grants.put(id, grant);
        return grant;
    }

    @Override
    public Optional<Grant> find(String grantId) {
        return Optional.ofNullable(grantId).map(grants::get);
    }

    @Override
    public void revoke(String grantId, String reason) {
        grants.computeIfPresent(grantId, (id, g) -> g.revoked(Instant.now(), reason));
    }
}
