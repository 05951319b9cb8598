package dev.hoshu.bench.cut;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.hoshu.bench.hoshu.HoshuCli;
import dev.hoshu.bench.process.Deadline;
import dev.hoshu.bench.process.FreePort;
import dev.hoshu.bench.process.PathFailure;

/**
 * Node A of a two-node fleet: the quickstart's broker command line with its own node name, data folder and ports,
 * and a copy of the first node's PKI, as docs/scale-out.md tells an operator to add a node. Hospital staff's calls go
 * here while the quickstart's broker (node B) holds the agent's tunnel and relays the sessions.
 */
public final class SecondNode implements AutoCloseable {

    private static final Duration START_LIMIT = Duration.ofSeconds(180);

    private final Process process;
    private final int httpPort;
    private final int sshPort;
    private final int tunnelPort;
    private final Path folder;

    private SecondNode(Process process, int httpPort, int sshPort, int tunnelPort, Path folder) {
        this.process = process;
        this.httpPort = httpPort;
        this.sshPort = sshPort;
        this.tunnelPort = tunnelPort;
        this.folder = folder;
    }

    /**
     * @param firstBrokerPid the quickstart's broker, whose command line is reused
     * @param firstPki       its {@code pki} folder, copied before this node starts
     */
    public static SecondNode start(long firstBrokerPid, Path firstPki, String nodeName, Path folder, Path projectRoot)
            throws IOException {
        int http = FreePort.onLoopback();
        int ssh = FreePort.onLoopback();
        int tunnel = FreePort.onLoopback();
        Path dataDir = folder.resolve("broker");
        copy(firstPki, dataDir.resolve("pki"));
        List<String> argv = new ArrayList<>();
        for (String arg : RelinkedAgent.commandLine(firstBrokerPid)) {
            argv.add(arg.startsWith("-Dhoshu.node-name=") ? "-Dhoshu.node-name=" + nodeName
                    : arg.startsWith("--hoshu.data-dir=") ? "--hoshu.data-dir=" + dataDir
                    : arg.startsWith("--server.port=") ? "--server.port=" + http
                    : arg.startsWith("--hoshu.ssh.port=") ? "--hoshu.ssh.port=" + ssh
                    : arg.startsWith("--hoshu.tunnel.port=") ? "--hoshu.tunnel.port=" + tunnel : arg);
        }
        if (!argv.contains("-Dhoshu.node-name=" + nodeName)) {
            throw new PathFailure("cut: the first broker's command line names no node (-Dhoshu.node-name=…)");
        }
        Path log = folder.resolve("broker-" + nodeName + ".log");
        Process process = new ProcessBuilder(argv).directory(projectRoot.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        SecondNode node = new SecondNode(process, http, ssh, tunnel, folder);
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).build();
        if (!Deadline.in(START_LIMIT).await(() -> !process.isAlive() || healthy(client, health)) || !process.isAlive()) {
            node.close();
            throw new PathFailure("cut: node " + nodeName + " did not start within " + START_LIMIT.toSeconds()
                    + " s; see " + log);
        }
        new HoshuCli(projectRoot.resolve("bin/hoshu"), folder).login("tanaka", "http://127.0.0.1:" + http,
                "127.0.0.1:" + ssh);
        return node;
    }

    /** The API as the users logged in here. */
    BrokerApi api() {
        return new BrokerApi(httpPort, folder.resolve("cli"));
    }

    public long pid() {
        return process.pid();
    }

    public int httpPort() {
        return httpPort;
    }

    public int sshPort() {
        return sshPort;
    }

    public int tunnelPort() {
        return tunnelPort;
    }

    private static boolean healthy(HttpClient client, HttpRequest health) {
        try {
            return client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
