package dev.hoshu.bench.recording;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.hoshu.bench.paths.SshPath;
import dev.hoshu.bench.process.ExternalCommand;
import dev.hoshu.bench.process.PathFailure;
import dev.hoshu.bench.tools.BenchTool;

/**
 * Keystroke echo latency: one real ssh session running the echo tool; one byte written to ssh's stdin, timed until
 * the same byte comes back on its stdout, one keystroke at a time, as an engineer typing into a tool's prompt.
 */
public final class EchoLatency {

    private EchoLatency() {
    }

    /** @return milliseconds per keystroke, after {@code warmup} keystrokes left out */
    public static List<Double> measure(SshPath path, int warmup, int keystrokes) {
        Process ssh = ExternalCommand.start(ExternalCommand.prepare(path.argv(BenchTool.ECHO), Map.of())
                .redirectError(ProcessBuilder.Redirect.DISCARD));
        List<Double> millis = new ArrayList<>();
        try (OutputStream in = ssh.getOutputStream(); InputStream out = ssh.getInputStream()) {
            awaitReady(out);
            for (int i = 0; i < warmup + keystrokes; i++) {
                byte key = (byte) ('a' + i % 26);
                long start = System.nanoTime();
                in.write(key);
                in.flush();
                int echoed = out.read();
                long took = System.nanoTime() - start;
                if (echoed != key) {
                    throw new PathFailure("hoshu: keystroke " + i + " came back as " + echoed + ", not " + key);
                }
                if (i >= warmup) {
                    millis.add(took / 1e6);
                }
            }
        } catch (IOException e) {
            throw new PathFailure("hoshu: echo session failed: " + e.getMessage(), e);
        } finally {
            try {
                if (!ssh.waitFor(10, TimeUnit.SECONDS)) {
                    ssh.destroyForcibly();
                }
            } catch (InterruptedException e) {
                ssh.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        return millis;
    }

    private static void awaitReady(InputStream out) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = out.read()) >= 0; ) {
            if (c == '\n') {
                if (line.toString().equals(BenchTool.HOLD_READY)) {
                    return;
                }
                line.setLength(0);
            } else {
                line.append((char) c);
            }
        }
        throw new PathFailure("hoshu: the echo tool ended before it was ready: "
                + new String(line.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }
}
