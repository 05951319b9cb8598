package dev.hoshu.broker.state;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** Join tokens in {@code state/join-tokens.json}. */
public final class FileJoinTokenStore implements JoinTokenStore {

    private final JsonCollection<JoinTokenRecord> tokens;

    public FileJoinTokenStore(Path stateDir) {
        this.tokens = new JsonCollection<>(stateDir.resolve("join-tokens.json"), JoinTokenRecord.class,
                JoinTokenRecord::tokenId);
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
            if (token.usedAt() != null) {
                return token;
            }
            won.set(true);
            return token.used(at);
        });
        return won.get();
    }
}
