package dev.hoshu.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One broker with all roles on loopback ports of its own, the demo users logged in through its
 * development issuer, and device agents enrolled on demand: the quickstart's set-up, as test fixture.
 */
final class HoshuSystem implements AutoCloseable {

    static final Path ROOT = Path.of(System.getProperty("hoshu.root", "..")).toAbsolutePath().normalize();
    static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    /**
     * Test brokers and agents live for a minute or two on two shared cores: the quick compiler alone and one GC
     * thread halve the CPU a broker spends starting (17 s to 9.5 s measured here), which the other test classes
     * running at the same time need. Hoshu's code is the same; only the JVM's own work is less.
     */
    private static final List<String> SHORT_LIVED_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    static final List<String> USERS = List.of("sato", "tanaka", "suzuki", "kato");
    static final List<String> DEMO_TOOLS = List.of("status", "logcollect", "selftest", "console");

    private static final Pattern REQUEST_ID = Pattern.compile("\\br-[a-z0-9]+");

    final Path dir;
    final int httpPort = freePort();
    final int sshPort = freePort();
    final int tunnelPort = freePort();
    private final ManagedProcess broker;
    private final List<ManagedProcess> agents = new ArrayList<>();
    private final Path manufacturerKey;

    private HoshuSystem(Path dir, String... brokerOptions) {
        this.dir = dir;
        this.broker = startBroker(dir.resolve("broker"), httpPort, sshPort, tunnelPort, dir.resolve("logs/broker.log"),
                brokerOptions);
        try {
            awaitHealthy();
            RunResult hostKey = Commands.run(List.of("ssh-keyscan", "-p", String.valueOf(sshPort), "127.0.0.1"),
                    Map.of(), null, dir);
            check(hostKey.exitCode() == 0 && !hostKey.stdout().isBlank(), "ssh-keyscan of the gateway", hostKey);
            writeFile(knownHosts(), hostKey.stdout());
            for (String user : USERS) {
                login(user);
            }
            CliClassArchive.makeOnce(home("sato"), dir);
            RunResult keygen = hoshu("tanaka", "tools", "keygen", "--out", dir.resolve("manufacturer/demo").toString());
            check(keygen.exitCode() == 0, "manufacturer keygen", keygen);
        } catch (RuntimeException | AssertionError e) {
            // A system that never came up has no one to close it: the broker would outlive the test.
            broker.close();
            throw e;
        }
        this.manufacturerKey = dir.resolve("manufacturer/demo.key");
    }

    /** Logs a demo user in (the quickstart's password), for users beyond {@link #USERS} such as {@code ops}. */
    void login(String user) {
        RunResult login = hoshuWithInput(user, "demo\n", "login", "--broker", brokerUrl(),
                "--ssh", "127.0.0.1:" + sshPort, "--user", user, "--password-stdin");
        check(login.exitCode() == 0, "login as " + user, login);
    }

    /** @param brokerOptions further broker options, such as {@code --hoshu.device-cert-ttl=40s} */
    static HoshuSystem start(Path dir, String... brokerOptions) {
        return new HoshuSystem(dir, brokerOptions);
    }

    static ManagedProcess startBroker(Path dataDir, int http, int ssh, int tunnel, Path log, String... options) {
        // Every HTTP exchange in the broker's log, with its time: what a page that never loaded asked and got.
        List<String> command = java("-Xmx512m", "-Dreactor.netty.http.server.accessLogEnabled=true",
                "-jar", jar("broker/target/runtime/hoshu-broker.jar"),
                "--spring.profiles.active=quickstart",
                "--hoshu.data-dir=" + dataDir,
                "--server.address=127.0.0.1", "--server.port=" + http,
                "--hoshu.ssh.host=127.0.0.1", "--hoshu.ssh.port=" + ssh,
                "--hoshu.tunnel.host=127.0.0.1", "--hoshu.tunnel.port=" + tunnel);
        // The handshake rehearsal is for a fleet's storm; these brokers meet a device or two, and start dozens of
        // times a run. TunnelAuditIT keeps one.
        if (Stream.of(options).noneMatch(option -> option.startsWith("--hoshu.tunnel.rehearsal="))) {
            command.add("--hoshu.tunnel.rehearsal=0s");
        }
        command.addAll(List.of(options));
        return ManagedProcess.start("broker", command, Map.of(), log);
    }

    String brokerUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    ManagedProcess broker() {
        return broker;
    }

    Path brokerData() {
        return dir.resolve("broker");
    }

    Path agentDir(String device) {
        return dir.resolve("agent-" + device);
    }

    /** The {@code hoshu} CLI as one of the demo users, each with a home of their own. */
    RunResult hoshu(String user, String... args) {
        return hoshuWithInput(user, null, args);
    }

    RunResult hoshuWithInput(String user, String stdin, String... args) {
        return Commands.run(cli(args), Map.of("HOSHU_HOME", home(user).toString()), stdin, dir);
    }

    /**
     * The {@code hoshu} command line as {@code bin/hoshu} starts it: the CLI is short-lived, so its launcher asks
     * the JVM for the quick compiler only ({@code HOSHU_CLI_JVM_OPTIONS} in {@code bin/launch.sh}); its classes come
     * from the {@link CliClassArchive} once a test has made it.
     */
    static List<String> cli(String... args) {
        List<String> command = java();
        command.addAll(CliClassArchive.options());
        command.addAll(List.of("-jar", jar("cli/target/runtime/hoshu-cli.jar")));
        command.addAll(List.of(args));
        return command;
    }

    /** A {@code java} command line for one of Hoshu's programs, with the options short-lived test JVMs share. */
    static List<String> java(String... args) {
        List<String> command = new ArrayList<>();
        command.add(JAVA);
        command.addAll(SHORT_LIVED_JVM);
        command.addAll(List.of(args));
        return command;
    }

    Path home(String user) {
        return dir.resolve("cli").resolve(user);
    }

    /** The gateway's host key as {@code ssh-keyscan} saw it, so every ssh checks it strictly. */
    Path knownHosts() {
        return dir.resolve("known_hosts");
    }

    private static void writeFile(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The real OpenSSH client, with no agent, config or known hosts of the machine's. */
    RunResult ssh(List<String> options, String device, String... command) {
        return Commands.run(sshCommand(options, device, command), Map.of(), null, dir);
    }

    /** As {@link #ssh}, with variables in the ssh client's own environment (such as {@code DISPLAY}). */
    RunResult sshWithEnvironment(Map<String, String> env, List<String> options, String device, String... command) {
        return Commands.run(sshCommand(options, device, command), env, null, dir);
    }

    ManagedProcess sshInBackground(String name, List<String> options, String device, String... command) {
        return ManagedProcess.start(name, sshCommand(options, device, command), Map.of(), dir.resolve("logs/" + name + ".log"));
    }

    List<String> sshCommand(List<String> options, String device, String... command) {
        List<String> ssh = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-p", String.valueOf(sshPort),
                "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts(),
                "-o", "IdentitiesOnly=yes"));
        // ssh takes the first value of an option: a test that brings its own agent names it, all others get none.
        if (options.stream().noneMatch(option -> option.startsWith("IdentityAgent="))) {
            ssh.addAll(List.of("-o", "IdentityAgent=none"));
        }
        ssh.addAll(options);
        ssh.add(device + "@127.0.0.1");
        ssh.addAll(List.of(command));
        return ssh;
    }

    /** Waits until the broker has the device's tunnel and its SSH session on it. */
    void awaitOnline(String device, String hospital) {
        broker.awaitOutput("device " + device + " (" + hospital + ") online", Duration.ofSeconds(60));
    }

    /**
     * Signs the demo tools into the device's tool folder, enrolls the device and starts its agent.
     *
     * @param enrollOptions further {@code device-agent enroll} options, such as {@code --model}
     */
    ManagedProcess startAgent(String device, String hospitalAdmin, String... enrollOptions) {
        return startAgent(device, hospitalAdmin, List.of(), enrollOptions);
    }

    /** As above, with further {@code device-agent run} options, such as {@code --device-files DIR}. */
    ManagedProcess startAgent(String device, String hospitalAdmin, List<String> runOptions, String... enrollOptions) {
        Path agentDir = agentDir(device);
        installSignedTools(agentDir);
        RunResult token = hoshu(hospitalAdmin, "enroll-token", device, "--quiet");
        check(token.exitCode() == 0, "join token for " + device, token);
        List<String> command = java("-jar", jar("device-agent/target/runtime/hoshu-device-agent.jar"),
                "enroll", "--broker", "127.0.0.1:" + tunnelPort, "--token", token.stdout().strip(),
                "--data", agentDir.toString());
        command.addAll(List.of(enrollOptions));
        RunResult enroll = Commands.run(command, Map.of(), null, dir);
        check(enroll.exitCode() == 0, "enroll " + device, enroll);
        return runAgent(device, agentDir, runOptions);
    }

    /** {@code device-agent enroll} with a join token into a data folder of its own, as an installer runs it. */
    RunResult enroll(String token, Path data) {
        return Commands.run(java("-jar", jar("device-agent/target/runtime/hoshu-device-agent.jar"), "enroll",
                "--broker", "127.0.0.1:" + tunnelPort, "--token", token, "--data", data.toString()), Map.of(), null, null);
    }

    ManagedProcess runAgent(String device, Path agentDir) {
        return runAgent(device, agentDir, List.of());
    }

    /** @param runOptions further {@code device-agent run} options, such as {@code --tunnel-loss-grace 3s} */
    ManagedProcess runAgent(String device, Path agentDir, List<String> runOptions) {
        List<String> command = java("-Xmx256m", "-jar",
                jar("device-agent/target/runtime/hoshu-device-agent.jar"), "run", "--data", agentDir.toString(),
                "--tools", agentDir.resolve("tools").toString(), "--trust", agentDir.resolve("trusted-keys").toString());
        command.addAll(runOptions);
        ManagedProcess agent = ManagedProcess.start("agent " + device, command,
                Map.of(), dir.resolve("logs/agent-" + device + "-" + agents.size() + ".log"));
        agents.add(agent);
        return agent;
    }

    void installSignedTools(Path agentDir) {
        try {
            Files.createDirectories(agentDir.resolve("trusted-keys"));
            Files.copy(dir.resolve("manufacturer/demo.pub.pem"), agentDir.resolve("trusted-keys/demo.pem"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            for (String tool : DEMO_TOOLS) {
                Path target = agentDir.resolve("tools").resolve(tool);
                copyTree(ROOT.resolve("deploy/demo/tools").resolve(tool), target);
                RunResult sign = hoshu("tanaka", "tools", "sign", "--update-hashes", "--key", manufacturerKey.toString(),
                        target.toString());
                check(sign.exitCode() == 0, "sign " + tool, sign);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Requests access as {@code engineer} and has {@code approver} approve it; returns the request id. */
    String approvedRequest(String engineer, String approver, String device, String... tools) {
        List<String> args = new ArrayList<>(List.of("request", device, "--category", "MAINTENANCE",
                "--reason", "WO-E2E-1", "--minutes", "30"));
        for (String tool : tools) {
            args.addAll(List.of("--tool", tool));
        }
        RunResult request = hoshu(engineer, args.toArray(String[]::new));
        check(request.exitCode() == 0, "request", request);
        Matcher id = REQUEST_ID.matcher(request.stdout());
        check(id.find(), "request id in output", request);
        RunResult approve = hoshu(approver, "approve", id.group());
        check(approve.exitCode() == 0, "approve " + id.group(), approve);
        return id.group();
    }

    Path recording(String sessionId) {
        try (Stream<Path> files = Files.walk(brokerData().resolve("recordings"))) {
            return files.filter(p -> p.getFileName().toString().equals(sessionId + ".jsonl")).findFirst()
                    .orElseThrow(() -> new AssertionError("no recording for " + sessionId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Session ids of the recordings on disk, newest last. */
    List<String> recordedSessions() {
        try (Stream<Path> files = Files.walk(brokerData().resolve("recordings"))) {
            return files.filter(p -> p.toString().endsWith(".jsonl"))
                    .sorted((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()))
                    .map(p -> p.getFileName().toString().replace(".jsonl", "")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create(brokerUrl() + "/actuator/health"))
                .timeout(Duration.ofSeconds(10)).build();
        String[] last = {"no answer yet"};
        try {
            Await.until(Duration.ofSeconds(90), "the broker's health endpoint", () -> {
                if (!broker.isAlive()) {
                    throw new AssertionError("broker exited:\n" + broker.output());
                }
                try {
                    HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
                    last[0] = "HTTP " + answer.statusCode() + " " + answer.body();
                    return answer.statusCode() == 200;
                } catch (IOException e) {
                    last[0] = e.toString();
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            });
        } catch (AssertionError e) {
            if (!broker.isAlive()) {
                throw e;
            }
            // What a slow start was doing is in the broker's log, which goes with the test's folder.
            String log = broker.output();
            throw new AssertionError(e.getMessage() + "; last answer: " + last[0] + "; the broker's log ends:\n"
                    + log.substring(Math.max(0, log.length() - 6000)), e);
        }
    }

    static String jar(String relative) {
        Path jar = ROOT.resolve(relative);
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is not built; the end-to-end tests run after 'mvn package' of the reactor");
        }
        return jar.toString();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void check(boolean condition, String what, RunResult result) {
        if (!condition) {
            throw new AssertionError(what + " failed: " + result);
        }
    }

    static Path copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

    @Override
    public void close() {
        agents.forEach(ManagedProcess::close);
        broker.close();
    }
}
