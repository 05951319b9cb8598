package dev.hoshu.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RefusalsBeforeTlsTest {

    private final List<String> lines = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(TimeUnit.SECONDS.toNanos(1_000));
    private final RefusalsBeforeTls refusals = new RefusalsBeforeTls(lines::add, now::get);

    @Test
    void aStormSecondIsOneLineInFullAndOneCount() {
        for (int i = 0; i < 2_500; i++) {
            refusals.refused(from(i), i < 2_000 ? "lobby full: 4096 connections already wait" : "no room within 20 s");
        }
        refusals.flush();
        assertEquals(List.of("tunnel connection from /127.0.0.2:40000 refused: lobby full: 4096 connections already wait"),
                lines, "nothing but the first line while the second lasts");

        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1_000));
        refusals.flush();

        assertEquals(List.of(
                "tunnel connection from /127.0.0.2:40000 refused: lobby full: 4096 connections already wait",
                "2499 more tunnel connections refused before TLS in that second, the last: no room within 20 s"), lines);
    }

    @Test
    void aRefusalNowAndThenIsLoggedInFullEachTime() {
        refusals.refused(from(1), "lobby full");
        now.addAndGet(TimeUnit.SECONDS.toNanos(3));
        refusals.refused(from(2), "lobby full");
        refusals.flush();

        assertEquals(List.of("tunnel connection from /127.0.0.2:40001 refused: lobby full",
                "tunnel connection from /127.0.0.2:40002 refused: lobby full"), lines);
    }

    @Test
    void theCountOfOneSecondComesBeforeTheFirstLineOfTheNext() {
        refusals.refused(from(1), "lobby full");
        refusals.refused(from(2), "lobby full");
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        refusals.refused(from(3), "no room");

        assertEquals(List.of("tunnel connection from /127.0.0.2:40001 refused: lobby full",
                "1 more tunnel connections refused before TLS in that second, the last: lobby full",
                "tunnel connection from /127.0.0.2:40003 refused: no room"), lines);
    }

    private static InetSocketAddress from(int i) {
        return new InetSocketAddress("127.0.0.2", 40_000 + i);
    }
}
