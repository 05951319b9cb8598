package dev.hoshu.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One real {@code redis-server} (Debian package redis-server) on 127.0.0.1 and a free port, its append-only file
 * forced on every write so it can be stopped and started again with the fleet's state intact.
 */
final class RedisServer implements AutoCloseable {

    private static final Path PROGRAM = Path.of("/usr/bin/redis-server");

    final int port = HoshuSystem.freePort();
    private final Path dir;
    private final Path config;
    private ManagedProcess process;
    private int starts;

    private RedisServer(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.config = dir.resolve("redis.conf");
        Files.write(config, List.of("port " + port, "bind 127.0.0.1", "dir " + dir, "logfile \"\"",
                "daemonize no", "save \"\"", "appendonly yes", "appendfsync always"));
    }

    /** Never skipped: without redis-server there is no fleet to test, and CI must say so. */
    static RedisServer start(Path dir) throws IOException {
        if (!Files.isExecutable(PROGRAM)) {
            throw new AssertionError(PROGRAM + " is missing: install the Debian package redis-server");
        }
        RedisServer server = new RedisServer(dir);
        server.launch();
        return server;
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    private void launch() {
        process = ManagedProcess.start("redis-server", List.of(PROGRAM.toString(), config.toString()), Map.of(),
                dir.resolve("redis-" + ++starts + ".log"));
        process.awaitOutput("Ready to accept connections", Duration.ofSeconds(20));
    }

    /** Stops the server (SIGTERM) and waits until it is gone: the fleet's Redis outage. */
    void stop() {
        process.close();
    }

    /** Starts it again on the same port, from its append-only file. */
    void restart() {
        launch();
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
