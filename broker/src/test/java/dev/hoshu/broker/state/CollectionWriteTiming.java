package dev.hoshu.broker.state;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * How much one change to a file-backed record collection costs at 1,000 and at 20,000 records: the figure behind
 * docs/benchmarks.md's enrollment bullet. A measurement, not a test (its name keeps it out of the default run):
 * {@code mvn -q -B -pl broker -am test -Dhoshu.fuzz.skip=true -Dtest=CollectionWriteTiming
 * -Dsurefire.failIfNoSpecifiedTests=false}, figures on standard output.
 */
class CollectionWriteTiming {

    /** About the size of an enrolled device's record in devices.json (0.7 kB). */
    record FleetRecord(String id, String hospital, String status, String certificateSerials, String inventory) {
    }

    private static final int BATCH = 100;
    private static final int ROUNDS = 3;
    private static final long TIME_CAP_NANOS = 60_000_000_000L;

    @TempDir
    Path dir;

    /** One size's figures in one round. */
    record Figures(int size, int puts, double fileMegabytes, double medianMicros, double amortisedMicros) {
    }

    @Test
    void putsIntoSmallAndLargeCollections() throws Exception {
        measure(1_000, "warm-up");
        measure(1_000, "warm-up");
        List<Figures> small = new ArrayList<>();
        List<Figures> large = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            small.add(measure(1_000, "round " + round));
            large.add(measure(20_000, "round " + round));
        }
        double smallMedian = median(small.stream().map(Figures::medianMicros).toList());
        double largeMedian = median(large.stream().map(Figures::medianMicros).toList());
        double smallAmortised = median(small.stream().map(Figures::amortisedMicros).toList());
        double largeAmortised = median(large.stream().map(Figures::amortisedMicros).toList());
        System.out.printf(Locale.ROOT, "over %d rounds: 1,000 records median %.0f µs, amortised %.0f µs (%.0f puts/s);"
                        + " 20,000 records median %.0f µs, amortised %.0f µs (%.0f puts/s); 20,000 vs 1,000: median %.2f×,"
                        + " amortised %.2f×%n", ROUNDS, smallMedian, smallAmortised, 1e6 / smallAmortised, largeMedian,
                largeAmortised, 1e6 / largeAmortised, largeMedian / smallMedian, largeAmortised / smallAmortised);
    }

    private Figures measure(int size, String label) throws Exception {
        Path folder = Files.createTempDirectory(dir, "n" + size);
        List<FleetRecord> fleet = IntStream.range(0, size).mapToObj(i -> record(i, 0)).toList();
        Files.write(folder.resolve("devices.json"),
                JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsBytes(fleet));
        double fileMegabytes = Files.size(folder.resolve("devices.json")) / 1e6;
        RecordCollection<FleetRecord> devices = RecordCollections.inFolder(folder)
                .open("devices", FleetRecord.class, FleetRecord::id);
        SplittableRandom random = new SplittableRandom(size);
        // Twice the collection's size in changes, so the figure includes the compactions a fleet would pay for.
        int changes = 2 * size;
        List<Double> batchMicros = new ArrayList<>();
        long started = System.nanoTime();
        int done = 0;
        while (done < changes && System.nanoTime() - started < TIME_CAP_NANOS) {
            long batchStart = System.nanoTime();
            for (int i = 0; i < BATCH; i++) {
                devices.put(record(random.nextInt(size), done + i + 1));
            }
            batchMicros.add((System.nanoTime() - batchStart) / 1_000.0 / BATCH);
            done += BATCH;
        }
        Figures figures = new Figures(size, done, fileMegabytes, median(batchMicros),
                (System.nanoTime() - started) / 1_000.0 / done);
        System.out.printf(Locale.ROOT, "%s: %,d records (%.2f MB snapshot), %,d puts: median %.0f µs per put"
                        + " (batches of %d), amortised %.0f µs per put%n", label, size, fileMegabytes, done,
                figures.medianMicros(), BATCH, figures.amortisedMicros());
        deleteTree(folder);
        return figures;
    }

    private static void deleteTree(Path folder) throws java.io.IOException {
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(folder);
    }

    private static FleetRecord record(int i, int version) {
        return new FleetRecord(String.format(Locale.ROOT, "CT-%05d", i), "hosp-" + (i % 40), "ENROLLED",
                "serial-" + Integer.toHexString(i * 7919 + version) + "-" + "ab".repeat(100),
                "{\"model\":\"scanner\",\"software\":\"" + version + "\",\"pad\":\"" + "x".repeat(180) + "\"}");
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
        return sorted.get(sorted.size() / 2);
    }
}
