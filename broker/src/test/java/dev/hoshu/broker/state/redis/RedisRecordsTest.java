package dev.hoshu.broker.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.broker.state.Ids;
import dev.hoshu.broker.state.Lock;
import dev.hoshu.broker.state.LockKind;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A record someone else wrote into Hoshu's keys, malformed, stops the store instead of reading as absent. */
@ExtendWith(SharedRedis.class)
class RedisRecordsTest {

    RedisConnections redis;

    @BeforeEach
    void open(SharedRedis.Deployments deployments) {
        redis = RedisConnections.open(deployments.get("standalone").settings("t" + Ids.random(8)));
    }

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void aMalformedLockFailsClosedAndKeysWithQuotesOrBracesStayOneField() {
        RedisLockStore locks = new RedisLockStore(redis, "node-a");
        String key = RedisKeys.of(redis.settings()).records("locks");
        redis.call(c -> c.hset(key, "l-bad", "{\"id\":\"l-bad\", truncated"));

        assertThatThrownBy(() -> locks.find("l-bad")).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("unreadable Lock in " + key);
        assertThatThrownBy(locks::all).isInstanceOf(IllegalStateException.class);

        redis.call(c -> c.hdel(key, "l-bad"));
        String odd = "l-'\"}{locks}\n;--";
        locks.insert(new Lock(odd, LockKind.DEVICE, "CT-01", "hosp-a", "r", "tanaka", Instant.EPOCH, null, null, null,
                null));
        assertThat(locks.find(odd).orElseThrow().id()).isEqualTo(odd);
        assertThat(locks.all()).hasSize(1);
    }
}
