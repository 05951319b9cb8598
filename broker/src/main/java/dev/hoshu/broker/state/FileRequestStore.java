package dev.hoshu.broker.state;

import dev.hoshu.access.AccessRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Requests in {@code state/requests.json}. */
public final class FileRequestStore implements RequestStore {

    private final JsonCollection<AccessRequest> requests;

    public FileRequestStore(Path stateDir) {
        this.requests = new JsonCollection<>(stateDir.resolve("requests.json"), AccessRequest.class, AccessRequest::id);
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
        return requests.update(requestId, change);
    }
}
