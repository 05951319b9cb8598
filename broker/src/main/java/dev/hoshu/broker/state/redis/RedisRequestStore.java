package dev.hoshu.broker.state.redis;

import dev.hoshu.access.AccessRequest;
import dev.hoshu.broker.state.RequestStore;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Access requests in the hash {@code hoshu:{requests}:records}. */
public final class RedisRequestStore implements RequestStore {

    private final RedisRecords<AccessRequest> requests;

    public RedisRequestStore(RedisConnections redis) {
        this.requests = new RedisRecords<>(redis, "requests", AccessRequest.class, AccessRequest::id);
    }

    @Override
    public void insert(AccessRequest request) {
        requests.insert(request);
    }

    @Override
    public Optional<AccessRequest> find(String requestId) {
        return requests.find(requestId);
    }

    @Override
    public List<AccessRequest> all() {
        return requests.all();
    }

    @Override
    public Optional<AccessRequest> update(String requestId, UnaryOperator<AccessRequest> change) {
        return requests.update(requestId, change, false);
    }
}
