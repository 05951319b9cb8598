package dev.hoshu.broker.recording;

import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * The benchmark's "recording off" (docs/benchmarks.md, "Recording on vs. off"): recording lines are built,
 * chained and queued as always, then dropped instead of written and forced, so the benchmark sees what the disk
 * costs. Only a broker started with the {@code bench} profile accepts it; any other broker refuses to start,
 * so a production configuration cannot turn recording off.
 */
public final class UnrecordedBenchmark {

    public static final String PROPERTY = "hoshu.recordings.benchmark-unrecorded";
    private static final Logger log = LoggerFactory.getLogger(UnrecordedBenchmark.class);

    private UnrecordedBenchmark() {
    }

    /**
     * The real disk, unless the benchmark switch is on in a {@code bench} broker.
     *
     * @throws IllegalStateException when the switch is on outside the {@code bench} profile
     */
    public static DurableFiles durableFiles(Environment environment) {
        if (!environment.getProperty(PROPERTY, Boolean.class, false)) {
            return DurableFiles.onDisk();
        }
        if (!environment.acceptsProfiles(Profiles.of("bench"))) {
            throw new IllegalStateException("refused: " + PROPERTY + " is a benchmark switch that only a broker with"
                    + " the bench profile accepts; every other broker records every session");
        }
        log.warn("RECORDING IS OFF ({}, bench profile): sessions are relayed without being stored. Benchmark only.",
                PROPERTY);
        return file -> new DurableFile() {
            @Override
            public void append(ByteBuffer bytes) {
                bytes.position(bytes.limit());
            }

            @Override
            public void force() {
                // Nothing written, nothing to force: this is what the benchmark compares against.
            }

            @Override
            public void truncate(long size) {
            }

            @Override
            public void close() {
            }
        };
    }
}
