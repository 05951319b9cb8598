package dev.hoshu.broker.state.redis;

import dev.hoshu.broker.state.RecordCollection;
import dev.hoshu.broker.state.RecordCollections;
import java.util.function.Function;

/** Every collection as one Redis hash ({@code <prefix>:{<name>}:records}), shared by the fleet. */
public final class RedisRecordCollections implements RecordCollections {

    private final RedisConnections redis;

    public RedisRecordCollections(RedisConnections redis) {
        this.redis = redis;
    }

    @Override
    public <T> RecordCollection<T> open(String name, Class<T> type, Function<T, String> idOf) {
        return new RedisRecords<>(redis, name, type, idOf);
    }
}
