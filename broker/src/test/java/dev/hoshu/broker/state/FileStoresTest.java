package dev.hoshu.broker.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.access.AccessRequest;
import dev.hoshu.access.Actor;
import dev.hoshu.access.Category;
import dev.hoshu.access.Grant;
import dev.hoshu.access.RequestStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoresTest {

    static final Instant T0 = Instant.parse("2026-11-21T01:00:00Z");
    static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
    static final Actor SATO = new Actor("sato", "medserve", Set.of("engineer"), "佐藤 健");

    @TempDir
    Path dir;

    static AccessRequest request(String id) {
        return AccessRequest.pending(id, SATO, "hosp-a", "CT-01", Category.MONITOR, List.of("status", "logcollect"),
                "error E-12 \"quoted\" 日本語", 30, T0);
    }

    static Grant grant(String id) {
        return new Grant(id, "r-1", "sato", "medserve", "hosp-a", "CT-01", Category.MONITOR, List.of("status"), T0,
                T0.plusSeconds(1800), List.of("tanaka"), null, null, false, false, false);
    }

    @Test
    void requestsSurviveARestartWithEveryField() {
        FileRequestStore store = new FileRequestStore(dir);
        store.insert(request("r-aaaaaaaaaa"));
        store.update("r-aaaaaaaaaa", r -> r.approved("tanaka", "g-bbbbbbbbbb"));

        AccessRequest reloaded = new FileRequestStore(dir).find("r-aaaaaaaaaa").orElseThrow();
        assertThat(reloaded).isEqualTo(request("r-aaaaaaaaaa").approved("tanaka", "g-bbbbbbbbbb"));
        assertThat(reloaded.status()).isEqualTo(RequestStatus.APPROVED);
    }

    @Test
    void duplicateIdsAreRefusedAndLeaveTheFileAlone() throws Exception {
        FileRequestStore store = new FileRequestStore(dir);
        store.insert(request("r-1"));
        String before = Files.readString(dir.resolve("requests.json"));
        assertThatThrownBy(() -> store.insert(request("r-1"))).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readString(dir.resolve("requests.json"))).isEqualTo(before);
    }

    @Test
    void writesLeaveNoTempFilesAndAreOwnerOnly() throws Exception {
        FileGrantStore grants = new FileGrantStore(dir, CLOCK);
        for (int i = 0; i < 20; i++) {
            grants.insert(grant("g-" + i));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("grants.json");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("grants.json"))))
                .isEqualTo("rw-------");
        assertThat(new FileGrantStore(dir, CLOCK).all()).hasSize(20);
    }

    @Test
    void aRevocationTheDiskRefusesStillHoldsOnThisNode() throws Exception {
        FileGrantStore grants = new FileGrantStore(dir, CLOCK);
        grants.insert(grant("g-1"));
        // Make the next write of grants.json fail: a directory now stands where the file is replaced.
        Files.delete(dir.resolve("grants.json"));
        Files.createDirectories(dir.resolve("grants.json").resolve("in-the-way"));

        assertThatThrownBy(() -> grants.revoke("g-1", "killed by tanaka: patient arriving"));

        assertThat(grants.find("g-1").orElseThrow().revokedReason()).isEqualTo("killed by tanaka: patient arriving");
    }

    @Test
    void revocationPersistsAndTheFirstReasonWins() {
        FileGrantStore grants = new FileGrantStore(dir, CLOCK);
        grants.insert(grant("g-1"));
        grants.revoke("g-1", "killed by tanaka: patient arriving");
        grants.revoke("g-1", "second reason");
        grants.revoke("g-unknown", "nothing happens");

        Grant revoked = new FileGrantStore(dir, CLOCK).find("g-1").orElseThrow();
        assertThat(revoked.revokedAt()).isEqualTo(T0);
        assertThat(revoked.revokedReason()).isEqualTo("killed by tanaka: patient arriving");
        assertThat(revoked.approvers()).containsExactly("tanaka");
    }

    @Test
    void joinTokenCanBeMarkedUsedExactlyOnceEvenUnderARace() throws Exception {
        FileJoinTokenStore tokens = new FileJoinTokenStore(dir);
        tokens.insert(new JoinTokenRecord("tok1", "ab".repeat(32), "CT-01", "hosp-a", "tanaka", T0,
                T0.plusSeconds(3600), null));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> racers = IntStream.range(0, 16)
                    .<Callable<Boolean>>mapToObj(i -> () -> tokens.markUsed("tok1", T0.plusSeconds(i))).toList();
            long winners = 0;
            for (Future<Boolean> result : pool.invokeAll(racers)) {
                winners += result.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(new FileJoinTokenStore(dir).find("tok1").orElseThrow().usedAt()).isNotNull();
        assertThat(tokens.markUsed("no-such-token", T0)).isFalse();
    }

    @Test
    void devicesUpsertIsAtomicAndARefusalChangesNothing() {
        FileDeviceStore devices = new FileDeviceStore(dir);
        devices.upsert("CT-01", d -> new Device("CT-01", "hosp-a", DeviceStatus.INVITED, null));
        assertThatThrownBy(() -> devices.upsert("CT-01", d -> {
            throw new IllegalStateException("refused");
        })).hasMessage("refused");
        assertThatThrownBy(() -> devices.upsert("CT-01", d -> new Device("CT-02", "hosp-a", DeviceStatus.INVITED,
                null))).isInstanceOf(IllegalArgumentException.class);
        CertificateSerials issued = CertificateSerials.first("1a2b", T0.plusSeconds(86_400));
        devices.upsert("CT-01", d -> d.enrolled(T0, issued));

        assertThat(new FileDeviceStore(dir).find("CT-01").orElseThrow())
                .isEqualTo(new Device("CT-01", "hosp-a", DeviceStatus.ENROLLED, T0, issued, null, null, null));
        assertThat(new FileDeviceStore(dir).find("CT-02")).isEmpty();
    }

    @Test
    void aCorruptStateFileStopsTheStoreInsteadOfForgetting() throws Exception {
        Files.writeString(dir.resolve("join-tokens.json"), "[{\"tokenId\":\"t1\", truncated");
        assertThatThrownBy(() -> new FileJoinTokenStore(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("join-tokens.json is unreadable");
    }

    @Test
    void atomicWriteReplacesWholeContent() throws Exception {
        Path file = dir.resolve("sub/x.json");
        AtomicFiles.write(file, "first, longer content".getBytes());
        AtomicFiles.write(file, "second".getBytes());
        assertThat(Files.readString(file)).isEqualTo("second");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void idsHaveThePrefixAndTenBase32Characters() {
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = Ids.next("g-");
            assertThat(id).matches("g-[a-z2-7]{10}");
            seen.add(id);
        }
        assertThat(seen).hasSize(1000);
    }

    record Counter(String id, int value) {
    }

    @Test
    void aReadDoesNotWaitForAWriteInProgressAndSeesOnlyWhatIsOnDisk() throws Exception {
        JsonCollection<Counter> counters = new JsonCollection<>(dir.resolve("counters.json"), Counter.class, Counter::id);
        counters.put(new Counter("c-1", 1));
        java.util.concurrent.CountDownLatch changing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            // The change runs under the collection's write lock, as a slow write and its fsync would.
            Future<?> write = writer.submit(() -> counters.update("c-1", c -> {
                changing.countDown();
                await(release);
                return new Counter("c-1", 2);
            }));
            assertThat(changing.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            ExecutorService reader = Executors.newSingleThreadExecutor();
            try {
                assertThat(reader.submit(() -> counters.find("c-1")).get(2, java.util.concurrent.TimeUnit.SECONDS))
                        .as("answered while the write holds the lock, with what is on disk").contains(new Counter("c-1", 1));
                assertThat(reader.submit(counters::all).get(2, java.util.concurrent.TimeUnit.SECONDS))
                        .containsExactly(new Counter("c-1", 1));
            } finally {
                reader.shutdownNow();
            }
            release.countDown();
            write.get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(counters.find("c-1")).contains(new Counter("c-1", 2));
            assertThat(Files.readString(dir.resolve("counters.json"))).contains("\"value\" : 2");
        } finally {
            release.countDown();
            writer.shutdownNow();
        }
    }

    @Test
    void aWriteThatFailsLeavesReadersWithWhatIsOnDisk() throws Exception {
        Path file = dir.resolve("counters.json");
        JsonCollection<Counter> counters = new JsonCollection<>(file, Counter.class, Counter::id);
        counters.put(new Counter("c-1", 1));
        // A non-empty folder where the file goes: the rename fails, whoever runs the test (root included).
        Files.delete(file);
        Files.createDirectories(file.resolve("in-the-way"));

        assertThatThrownBy(() -> counters.put(new Counter("c-2", 2))).isInstanceOf(java.io.UncheckedIOException.class);
        assertThat(counters.all()).containsExactly(new Counter("c-1", 1));
        assertThat(counters.find("c-2")).isEmpty();
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
