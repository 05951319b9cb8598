package dev.hoshu.e2e.keycloak;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Keycloak from the distribution the build unpacked ({@code keycloak.home}), in development mode on a free
 * loopback port, with the {@code hoshu} realm imported into an in-memory database (every start is a clean
 * realm). Its output goes to {@code keycloak.log} in the test's folder; closing stops the whole process tree.
 */
public final class KeycloakServer implements AutoCloseable {

    /** Keycloak 26 runs on Java 21 or newer; the tests themselves may run on 17. */
    static final int JAVA_FEATURE_NEEDED = 21;
    static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);

    private final Process process;
    private final int port;
    private final Path log;

    private KeycloakServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts Keycloak and returns once its readiness check passes (with the realm imported). */
    public static KeycloakServer start(Path workDir) {
        Path home = home();
        Path javaHome = javaHome();
        int port = freePort();
        Path log = workDir.resolve("keycloak.log");
        try {
            Files.createDirectories(workDir);
            Path imports = home.resolve("data/import");
            Files.createDirectories(imports);
            try (Stream<Path> old = Files.list(imports)) {
                for (Path file : old.toList()) {
                    Files.delete(file);
                }
            }
            try (InputStream realm = KeycloakServer.class.getResourceAsStream(HoshuRealm.RESOURCE)) {
                Files.copy(realm, imports.resolve("hoshu-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> command = new ArrayList<>(List.of("/bin/sh", home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1", "--http-port=" + port,
                    // health on the main port; the management interface, if anything starts it, stays on loopback
                    "--health-enabled=true", "--http-management-health-enabled=false",
                    "--http-management-host=127.0.0.1", "--http-management-port=" + freePort(),
                    "--db=dev-mem", "--cache=local", "--import-realm"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).directory(workDir.toFile());
            builder.environment().put("JAVA_HOME", javaHome.toString());
            builder.environment().remove("JAVA");
            builder.environment().remove("JAVA_OPTS");
            // As for Hoshu's own test JVMs: the quick compiler alone, measured here 25 s of CPU to ready against 38 s.
            builder.environment().put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
            KeycloakServer server = new KeycloakServer(builder.start(), port, log);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Keycloak from " + home, e);
        }
    }

    public URI issuer() {
        return URI.create("http://127.0.0.1:" + port + "/realms/" + HoshuRealm.NAME);
    }

    public URI tokenEndpoint() {
        return URI.create(issuer() + "/protocol/openid-connect/token");
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long started = System.nanoTime();
        long nextProgress = started + PROGRESS_EVERY.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("Keycloak exited with " + process.exitValue() + " before it was ready (log "
                        + log + "):\n" + tail(40));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    System.out.printf("keycloak: ready on port %d after %d s%n", port,
                            Duration.ofNanos(System.nanoTime() - started).toSeconds());
                    return;
                }
            } catch (IOException notYetListening) {
                // keep waiting until the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for Keycloak", e);
            }
            long now = System.nanoTime();
            if (now - started > READY_TIMEOUT.toNanos()) {
                close();
                throw new AssertionError("Keycloak not ready after " + READY_TIMEOUT.toSeconds() + " s (log " + log
                        + "):\n" + tail(40));
            }
            if (now > nextProgress) {
                System.out.printf("keycloak: starting for %d s: %s%n", Duration.ofNanos(now - started).toSeconds(), tail(1));
                nextProgress = now + PROGRESS_EVERY.toNanos();
            }
            pause();
        }
    }

    private String tail(int lines) {
        List<String> all = output().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static void pause() {
        try {
            Thread.sleep(500); // polling interval, not a wait for an outcome
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for Keycloak", e);
        }
    }

    /** {@code kc.sh} forwards TERM to its Java process; anything left after the grace period is killed. */
    @Override
    public void close() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : tree) {
            child.destroyForcibly();
            child.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> child).join();
        }
    }

    static Path home() {
        String configured = System.getProperty("keycloak.home");
        if (configured == null || configured.isBlank()) {
            throw new AssertionError("system property keycloak.home is not set: run the Keycloak tests through Maven "
                    + "(deploy/pom.xml unpacks org.keycloak:keycloak-quarkus-dist into target/keycloak)");
        }
        Path home = Path.of(configured).toAbsolutePath();
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new AssertionError(home + "/bin/kc.sh is missing: the build did not unpack Keycloak "
                    + "(mvn -pl deploy verify runs maven-dependency-plugin:unpack before the end-to-end tests)");
        }
        return home;
    }

    /**
     * A JDK Keycloak supports: {@code -Dkeycloak.java.home}, else the JDK running the tests if new enough, else the
     * newest JDK of at least {@value #JAVA_FEATURE_NEEDED} under {@code /usr/lib/jvm}.
     */
    static Path javaHome() {
        String configured = System.getProperty("keycloak.java.home");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        if (Runtime.version().feature() >= JAVA_FEATURE_NEEDED) {
            return Path.of(System.getProperty("java.home"));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        try (Stream<Path> candidates = Files.isDirectory(jvms) ? Files.list(jvms) : Stream.empty()) {
            return candidates.filter(jdk -> Files.isExecutable(jdk.resolve("bin/java")))
                    .filter(jdk -> javaFeature(jdk) >= JAVA_FEATURE_NEEDED)
                    .max((a, b) -> Integer.compare(javaFeature(a), javaFeature(b)))
                    .orElseThrow(() -> new AssertionError("Keycloak needs Java " + JAVA_FEATURE_NEEDED
                            + " or newer and none was found: set -Dkeycloak.java.home=DIR or install one under /usr/lib/jvm"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The feature release from the JDK's {@code release} file ({@code JAVA_VERSION="25.0.1"}), or 0. */
    static int javaFeature(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
