package dev.hoshu.broker.state.redis;

import dev.hoshu.broker.state.JoinTokenRecord;
import dev.hoshu.broker.state.JoinTokenStore;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Join tokens in the hash {@code hoshu:{join-tokens}:records}. Marking one used is a compare-and-set on the stored
 * record, so of two agents racing with one token on two nodes exactly one enrolls.
 */
public final class RedisJoinTokenStore implements JoinTokenStore {

    private final RedisRecords<JoinTokenRecord> tokens;

    public RedisJoinTokenStore(RedisConnections redis) {
        this.tokens = new RedisRecords<>(redis, "join-tokens", JoinTokenRecord.class, JoinTokenRecord::tokenId);
    }

    @Override
    public void insert(JoinTokenRecord token) {
        tokens.insert(token);
    }

    @Override
    public Optional<JoinTokenRecord> find(String tokenId) {
        return tokens.find(tokenId);
    }

    @Override
    public boolean markUsed(String tokenId, Instant at) {
        AtomicBoolean won = new AtomicBoolean();
        tokens.update(tokenId, token -> {
            // Set on every attempt: a retried compare-and-set may find that another node won meanwhile.
            won.set(token.usedAt() == null);
            return token.usedAt() != null ? token : token.used(at);
        }, false);
        return won.get();
    }
}
