package dev.hoshu.broker.state;

import dev.hoshu.access.AccessRequest;
import dev.hoshu.access.Actor;
import dev.hoshu.access.Category;
import dev.hoshu.access.Grant;
import dev.hoshu.broker.state.redis.SharedRedis;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * What every store contract test shares: the backend it runs on (a class parameter), the stores of that backend, and
 * the records the tests store. The Redis deployments are real processes shared by the whole test run.
 */
@ExtendWith(SharedRedis.class)
abstract class StoreContract {

    static final Instant T0 = Instant.parse("2026-11-21T01:00:00Z");
    static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
    static final Actor SATO = new Actor("sato", "medserve", Set.of("engineer"), "佐藤 健");

    @Parameter
    String backend;

    @TempDir
    Path dir;

    StoresUnderTest stores;

    @BeforeEach
    void openStores(SharedRedis.Deployments redis) {
        stores = StoresUnderTest.open(backend, dir, redis, CLOCK);
    }

    @AfterEach
    void closeStores() {
        stores.close();
    }

    static AccessRequest request(String id) {
        return AccessRequest.pending(id, SATO, "hosp-a", "CT-01", Category.MONITOR, List.of("status", "logcollect"),
                "error E-12 \"quoted\" 日本語 ' -- ]] \\n", 30, T0);
    }

    static Grant grant(String id) {
        return new Grant(id, "r-1", "sato", "medserve", "hosp-a", "CT-01", Category.MONITOR, List.of("status"), T0,
                T0.plusSeconds(1800), List.of("tanaka"), null, null, false, false, false);
    }

    /** Runs {@code racers} at once on eight threads; the number that returned true. */
    static long winners(List<Callable<Boolean>> racers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            long won = 0;
            for (Future<Boolean> result : pool.invokeAll(racers)) {
                won += result.get() ? 1 : 0;
            }
            return won;
        } finally {
            pool.shutdownNow();
        }
    }

    static List<Callable<Boolean>> racers(int count, java.util.function.IntPredicate race) {
        return IntStream.range(0, count).<Callable<Boolean>>mapToObj(i -> () -> race.test(i)).toList();
    }
}
