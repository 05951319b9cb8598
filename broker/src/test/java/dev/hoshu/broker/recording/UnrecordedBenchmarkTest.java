package dev.hoshu.broker.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/** Recording off exists for the benchmark only: every broker without the bench profile refuses the switch. */
class UnrecordedBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void aProductionBrokerRefusesToStartWithRecordingOff() {
        for (String[] profiles : new String[][] {{}, {"quickstart"}, {"prod", "benchmark"}}) {
            MockEnvironment environment = new MockEnvironment().withProperty(UnrecordedBenchmark.PROPERTY, "true");
            environment.setActiveProfiles(profiles);

            assertThatThrownBy(() -> UnrecordedBenchmark.durableFiles(environment))
                    .hasMessageStartingWith("refused: hoshu.recordings.benchmark-unrecorded is a benchmark switch");
        }
    }

    @Test
    void withoutTheSwitchEveryBrokerWritesToDisk() throws Exception {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles("bench");

        try (DurableFile file = UnrecordedBenchmark.durableFiles(environment).createNew(dir.resolve("s-1.jsonl"))) {
            file.append(ByteBuffer.wrap("line\n".getBytes()));
            file.force();
        }
        assertThat(Files.readString(dir.resolve("s-1.jsonl"))).isEqualTo("line\n");
    }

    @Test
    void theBenchProfileDropsTheLinesAndWritesNothing() throws Exception {
        MockEnvironment environment = new MockEnvironment().withProperty(UnrecordedBenchmark.PROPERTY, "true");
        environment.setActiveProfiles("quickstart", "bench");

        try (DurableFile file = UnrecordedBenchmark.durableFiles(environment).createNew(dir.resolve("s-1.jsonl"))) {
            ByteBuffer line = ByteBuffer.wrap("line\n".getBytes());
            file.append(line);
            file.force();
            assertThat(line.hasRemaining()).isFalse();
        }
        assertThat(Files.exists(dir.resolve("s-1.jsonl"))).isFalse();
    }
}
