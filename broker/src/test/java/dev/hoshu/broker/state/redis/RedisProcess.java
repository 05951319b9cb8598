package dev.hoshu.broker.state.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real {@code redis-server} or {@code redis-sentinel} (Debian's redis-server and redis-sentinel packages) on
 * 127.0.0.1, a free port and a folder of its own, as a child process of the test.
 */
public final class RedisProcess implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final List<String> command;
    private volatile Process process;

    private RedisProcess(Path dir, int port, List<String> command) {
        this.dir = dir;
        this.port = port;
        this.command = List.copyOf(command);
    }

    /** A server; {@code extra} are further config lines such as {@code replicaof 127.0.0.1 6380}. */
    public static RedisProcess server(Path parent, String... extra) throws IOException {
        return start(parent, "redis-server", List.of(extra));
    }

    /** A sentinel watching {@code master} as {@code name}, with a quorum of two and a one-second down-after. */
    public static RedisProcess sentinel(Path parent, String name, int masterPort) throws IOException {
        return start(parent, "redis-sentinel", List.of(
                "sentinel monitor " + name + " 127.0.0.1 " + masterPort + " 2",
                "sentinel down-after-milliseconds " + name + " 1000",
                "sentinel failover-timeout " + name + " 6000",
                "sentinel parallel-syncs " + name + " 1"));
    }

    private static RedisProcess start(Path parent, String program, List<String> extra) throws IOException {
        // A sentinel is redis-server in sentinel mode: the one program, from Debian's redis-server package.
        Path binary = Path.of("/usr/bin/redis-server");
        if (!Files.isExecutable(binary) || !Files.isExecutable(Path.of("/usr/bin/redis-cli"))) {
            // Never skipped: these tests are how the Redis stores are known to work.
            throw new IllegalStateException("redis-server or redis-cli is missing from /usr/bin: install the Debian"
                    + " packages redis-server and redis-tools");
        }
        int port = freePort();
        Path dir = Files.createDirectories(parent.resolve(program + "-" + port));
        List<String> config = new ArrayList<>(List.of("port " + port, "bind 127.0.0.1", "dir " + dir,
                "logfile " + dir.resolve("log.txt"), "daemonize no", "save \"\"", "appendonly no"));
        config.addAll(extra);
        Path file = dir.resolve(program.equals("redis-sentinel") ? "sentinel.conf" : "redis.conf");
        Files.write(file, config);
        List<String> command = new ArrayList<>(List.of(binary.toString(), file.toString()));
        if (program.equals("redis-sentinel")) {
            command.add("--sentinel");
        }
        RedisProcess started = new RedisProcess(dir, port, command);
        started.launch();
        return started;
    }

    private void launch() throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.txt").toFile())).start();
        awaitPong(Duration.ofSeconds(10));
    }

    /** Starts the server again after {@link #kill}, on the same port with the same config and folder. */
    public void restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("redis on port " + port + " still runs");
        }
        launch();
    }

    public int port() {
        return port;
    }

    public String node() {
        return "127.0.0.1:" + port;
    }

    public Path dir() {
        return dir;
    }

    /** One command through {@code redis-cli}, its output as text. */
    public String cli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/redis-cli", "-h", "127.0.0.1", "-p",
                String.valueOf(port)));
        command.addAll(List.of(args));
        Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!cli.waitFor(20, TimeUnit.SECONDS)) {
            cli.destroyForcibly();
            throw new IOException("redis-cli " + args[0] + " did not finish");
        }
        return out;
    }

    /** Kills the process the hard way, as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitPong(Duration within) throws IOException {
        Instant end = Instant.now().plus(within);
        while (Instant.now().isBefore(end)) {
            if (!process.isAlive()) {
                throw new IOException("redis on port " + port + " exited: " + tail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                socket.setSoTimeout(1000);
                OutputStream out = socket.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] answer = in.readNBytes(7);
                if (new String(answer, StandardCharsets.US_ASCII).startsWith("+PONG")) {
                    return;
                }
            } catch (IOException notYet) {
                // Still starting.
            }
            sleep(50);
        }
        close();
        throw new IOException("redis on port " + port + " did not answer PING: " + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("log.txt"));
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
