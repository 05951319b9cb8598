package dev.hoshu.broker.state;

import java.time.Instant;
import java.util.Optional;

/** Join tokens by token id. */
public interface JoinTokenStore {

    void insert(JoinTokenRecord token);

    Optional<JoinTokenRecord> find(String tokenId);

    /**
     * Marks the token used if nobody has: the compare-and-set that makes a token single-use even when two agents
     * race with the same one.
     *
     * @return true for exactly one caller per token
     */
    boolean markUsed(String tokenId, Instant at);
}
