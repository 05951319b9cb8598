package dev.hoshu.bench.paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hoshu.bench.Progress;
import dev.hoshu.bench.measure.AlgorithmProbe;
import dev.hoshu.bench.measure.Negotiated;
import dev.hoshu.bench.measure.RunResult;
import dev.hoshu.bench.measure.SetupBenchmark;
import dev.hoshu.bench.measure.SshRun;
import dev.hoshu.bench.measure.SetupFigures;
import dev.hoshu.bench.measure.ThroughputBenchmark;
import dev.hoshu.bench.measure.ThroughputFigures;
import dev.hoshu.bench.openssh.SshKeys;
import dev.hoshu.bench.process.PathFailure;
import dev.hoshu.bench.tools.BenchTool;

/** Real sshd servers on loopback, measured with the real ssh client. */
class OpenSshPathsTest {

    @TempDir
    Path work;

    private final StringWriter printed = new StringWriter();
    private final Progress progress = new Progress(new PrintWriter(printed, true));

    @Test
    void measuresDirectAndProxyJumpInInterleavedRounds() {
        try (Testbed testbed = Testbed.start(EnumSet.of(PathName.DIRECT, PathName.PROXYJUMP), work, work, work, progress)) {
            List<SshPath> paths = testbed.paths();
            assertEquals(List.of(PathName.DIRECT, PathName.PROXYJUMP), paths.stream().map(SshPath::name).toList());
            assertTrue(testbed.hoshu().isEmpty());
            Negotiated direct = AlgorithmProbe.probe(paths.get(0));
            assertFalse(direct.kex().equals("unknown") || direct.cipher().equals("unknown"), direct.toString());

            List<SetupFigures> setup = new SetupBenchmark(paths, 1, 3).run(progress);
            assertEquals(List.of("direct", "proxyjump"), setup.stream().map(SetupFigures::path).toList());
            setup.forEach(figures -> {
                assertEquals(3, figures.runs());
                assertTrue(figures.p50Ms() > 0 && figures.p50Ms() <= figures.p95Ms());
            });
            assertTrue(printed.toString().contains("round 3 of 3: direct"), printed.toString());

            List<ThroughputFigures> throughput = new ThroughputBenchmark(paths, 2, 1).run(progress);
            throughput.forEach(figures -> assertTrue(figures.medianMibPerSecond() > 0));
        }
    }

    @Test
    void aPathThatStopsWorkingFailsTheRunWithOneLineNamingIt() {
        List<SshPath> paths;
        try (Testbed testbed = Testbed.start(EnumSet.of(PathName.DIRECT), work, work, work, progress)) {
            paths = testbed.paths();
        }
        PathFailure failure = assertThrows(PathFailure.class, () -> new SetupBenchmark(paths, 0, 2).run(progress));
        assertTrue(failure.getMessage().startsWith("direct set-up run 1 of 2: ssh exited 255: "), failure.getMessage());
        assertFalse(failure.getMessage().contains("\n"));
    }

    @Test
    void theDeviceRefusesAKeyItWasNotGiven() throws Exception {
        try (Testbed testbed = Testbed.start(EnumSet.of(PathName.DIRECT), work, work, work, progress)) {
            SshKeys stranger = SshKeys.generate(work.resolve("stranger"), "stranger");
            Path config = work.resolve("client/ssh_config");
            Path strangerConfig = work.resolve("stranger_config");
            Files.writeString(strangerConfig, Files.readString(config)
                    .replace(work.resolve("client/id_ed25519").toString(), stranger.privateKey().toString()));
            SshPath direct = testbed.paths().get(0);
            SshPath impostor = new SshPath(PathName.DIRECT, strangerConfig, direct.hostAlias(), direct.tools());

            RunResult result = SshRun.run(impostor.argv(BenchTool.NOOP), Duration.ofSeconds(30));

            assertEquals(255, result.exitStatus());
            assertTrue(result.stderr().contains("Permission denied"), result.stderr());
            assertEquals(0, result.stdoutBytes());
        }
    }
}
