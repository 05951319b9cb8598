package dev.hoshu.broker.state.redis;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Real Redis deployments for tests: a standalone server, a Cluster of three masters made with
 * {@code redis-cli --cluster create}, or Sentinel (one master, one replica, three sentinels, quorum two).
 */
public final class RedisDeployment implements AutoCloseable {

    public static final String MASTER_NAME = "hoshu";

    private final String mode;
    private final List<RedisProcess> servers;
    private final List<RedisProcess> sentinels;

    private RedisDeployment(String mode, List<RedisProcess> servers, List<RedisProcess> sentinels) {
        this.mode = mode;
        this.servers = servers;
        this.sentinels = sentinels;
    }

    public static RedisDeployment standalone(Path dir) throws IOException {
        return new RedisDeployment("standalone", List.of(RedisProcess.server(dir)), List.of());
    }

    public static RedisDeployment cluster(Path dir) throws IOException, InterruptedException {
        List<RedisProcess> masters = new ArrayList<>();
        RedisDeployment deployment = new RedisDeployment("cluster", masters, List.of());
        try {
            for (int i = 0; i < 3; i++) {
                int port = RedisProcess.freePort();
                masters.add(RedisProcess.server(dir, "cluster-enabled yes",
                        "cluster-config-file nodes-" + port + ".conf", "cluster-node-timeout 2000"));
            }
            List<String> create = new ArrayList<>(List.of("--cluster", "create"));
            masters.forEach(m -> create.add(m.node()));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            String out = masters.get(0).cli(create.toArray(String[]::new));
            if (!out.contains("All 16384 slots covered")) {
                throw new IOException("redis-cli --cluster create failed: " + out);
            }
            for (RedisProcess master : masters) {
                await(() -> cli(master, "cluster", "info").contains("cluster_state:ok"), Duration.ofSeconds(20),
                        "cluster state ok on " + master.node());
            }
            return deployment;
        } catch (IOException | RuntimeException e) {
            deployment.close();
            throw e;
        }
    }

    public static RedisDeployment sentinel(Path dir) throws IOException {
        return sentinel(dir, 1);
    }

    /** A master with {@code replicas} replicas and three sentinels. */
    public static RedisDeployment sentinel(Path dir, int replicas) throws IOException {
        List<RedisProcess> servers = new ArrayList<>();
        List<RedisProcess> sentinels = new ArrayList<>();
        RedisDeployment deployment = new RedisDeployment("sentinel", servers, sentinels);
        try {
            RedisProcess master = RedisProcess.server(dir);
            servers.add(master);
            for (int i = 0; i < replicas; i++) {
                servers.add(RedisProcess.server(dir, "replicaof 127.0.0.1 " + master.port()));
            }
            for (int i = 0; i < 3; i++) {
                sentinels.add(RedisProcess.sentinel(dir, MASTER_NAME, master.port()));
            }
            // "online", not just connected: a replica still loading its first copy confirms no write (WAIT, ADR 35).
            await(() -> cli(master, "info", "replication").split("state=online", -1).length - 1 == replicas,
                    Duration.ofSeconds(30), "the replicas in sync");
            // A failover needs every sentinel to know the replica and the other two sentinels.
            for (RedisProcess sentinel : sentinels) {
                await(() -> {
                    String info = cli(sentinel, "sentinel", "master", MASTER_NAME);
                    return info.contains("num-slaves\n" + replicas) && info.contains("num-other-sentinels\n2");
                }, Duration.ofSeconds(30), "sentinel " + sentinel.node() + " seeing the replica and its peers");
            }
            return deployment;
        } catch (IOException | RuntimeException e) {
            deployment.close();
            throw e;
        }
    }

    /** Settings for Hoshu to use this deployment, under a key prefix of the test's own. */
    public RedisSettings settings(String keyPrefix) {
        List<String> nodes = (mode.equals("sentinel") ? sentinels : servers).stream().map(RedisProcess::node).toList();
        return new RedisSettings(mode, nodes, mode.equals("sentinel") ? MASTER_NAME : null, null, null, false,
                keyPrefix, Duration.ofSeconds(1), Duration.ofSeconds(2), null, null);
    }

    public String mode() {
        return mode;
    }

    public List<RedisProcess> servers() {
        return servers;
    }

    /** The server the sentinels name as master now. */
    public RedisProcess currentMaster() {
        String answer = cli(sentinels.get(0), "sentinel", "get-master-addr-by-name", MASTER_NAME);
        return servers.stream().filter(s -> answer.contains(String.valueOf(s.port()))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no master known: " + answer));
    }

    @Override
    public void close() {
        sentinels.forEach(RedisProcess::close);
        servers.forEach(RedisProcess::close);
    }

    /** Deletes a test's Redis folders (configs, logs, cluster node files). */
    public static void delete(Path dir) {
        try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Left in the temp folder: nothing depends on it.
        }
    }

    static String cli(RedisProcess process, String... args) {
        try {
            return process.cli(args);
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void await(BooleanSupplier condition, Duration within, String what) {
        Instant end = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            RedisProcess.sleep(100);
        }
    }
}
