package dev.hoshu.bench.cut;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.hoshu.bench.process.Deadline;
import dev.hoshu.bench.process.FreePort;
import dev.hoshu.bench.process.PathFailure;

/** The fleet's shared Redis for a cut run: one real {@code redis-server} on 127.0.0.1 and a free port. */
public final class BenchRedis implements AutoCloseable {

    private static final Path PROGRAM = Path.of("/usr/bin/redis-server");

    private final Process process;
    private final int port;

    private BenchRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static BenchRedis start(Path dir) throws IOException {
        if (!Files.isExecutable(PROGRAM)) {
            throw new PathFailure("cut: " + PROGRAM + " is missing (apt-get install -y redis-server)");
        }
        int port = FreePort.onLoopback();
        Files.createDirectories(dir);
        Path config = dir.resolve("redis.conf");
        Files.write(config, List.of("port " + port, "bind 127.0.0.1", "dir " + dir, "daemonize no", "save \"\"",
                "appendonly no"));
        Process process = new ProcessBuilder(PROGRAM.toString(), config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        BenchRedis redis = new BenchRedis(process, port);
        if (!Deadline.in(Duration.ofSeconds(20)).await(() -> redis.answers() || !process.isAlive())
                || !process.isAlive()) {
            redis.close();
            throw new PathFailure("cut: redis-server did not start on 127.0.0.1:" + port + "; see " + dir);
        }
        return redis;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    private boolean answers() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] reply = new byte[7];
            return socket.getInputStream().read(reply) > 0 && new String(reply, 0, 5,
                    java.nio.charset.StandardCharsets.US_ASCII).equals("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
