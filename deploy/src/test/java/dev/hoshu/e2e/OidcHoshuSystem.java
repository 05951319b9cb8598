package dev.hoshu.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.hoshu.e2e.keycloak.HoshuRealm;
import dev.hoshu.e2e.keycloak.KeycloakServer;
import dev.hoshu.e2e.keycloak.OneTimeCodes;
import dev.hoshu.e2e.keycloak.RealmUser;

/**
 * The broker as a hospital runs it against its own identity provider: no quickstart profile, no development
 * issuer, {@code issuer-uri} pointing at the Keycloak realm (the broker discovers its keys), audience {@code hoshu};
 * the CLI signs in at Keycloak with password and TOTP code, the console through the realm's login form (client
 * {@code hoshu-console}); a device agent for CT-01 of hosp-a.
 */
final class OidcHoshuSystem implements AutoCloseable {

    final Path dir;
    final HoshuRealm realm = HoshuRealm.load();
    final OneTimeCodes codes = new OneTimeCodes(Clock.systemUTC());
    final int httpPort = HoshuSystem.freePort();
    final int sshPort = HoshuSystem.freePort();
    final int tunnelPort = HoshuSystem.freePort();
    private final KeycloakServer keycloak;
    private final ManagedProcess broker;
    private final List<ManagedProcess> agents = new ArrayList<>();

    private OidcHoshuSystem(Path dir, KeycloakServer keycloak) {
        this.dir = dir;
        this.keycloak = keycloak;
        this.broker = ManagedProcess.start("broker", brokerCommand(keycloak.issuer()), Map.of(),
                dir.resolve("logs/broker.log"));
    }

    /** Keycloak first (the broker's issuer-uri needs its port), then the broker. */
    static OidcHoshuSystem start(Path dir) {
        KeycloakServer keycloak = KeycloakServer.start(dir.resolve("keycloak"));
        OidcHoshuSystem system = null;
        try {
            system = new OidcHoshuSystem(dir, keycloak);
            system.awaitHealthy();
            return system;
        } catch (RuntimeException | Error e) {
            if (system != null) {
                system.close();
            } else {
                keycloak.close();
            }
            throw e;
        }
    }

    private List<String> brokerCommand(URI issuer) {
        return HoshuSystem.java("-Xmx512m", "-jar", HoshuSystem.jar("broker/target/runtime/hoshu-broker.jar"),
                "--hoshu.data-dir=" + dir.resolve("broker"),
                "--server.address=127.0.0.1", "--server.port=" + httpPort,
                "--hoshu.ssh.host=127.0.0.1", "--hoshu.ssh.port=" + sshPort,
                "--hoshu.tunnel.host=127.0.0.1", "--hoshu.tunnel.port=" + tunnelPort,
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer,
                "--spring.security.oauth2.resourceserver.jwt.audiences=hoshu",
                "--hoshu.identity.org-claim=org",
                "--hoshu.identity.roles-claim=roles",
                "--hoshu.identity.user-claim=preferred_username",
                "--hoshu.identity.mfa-amr=otp",
                // the console signs people in at the realm's form (code flow, PKCE) as a hospital would configure it
                "--spring.security.oauth2.client.registration.hoshu.client-id=" + HoshuRealm.CONSOLE_CLIENT,
                "--spring.security.oauth2.client.registration.hoshu.client-secret="
                        + realm.clientSecret(HoshuRealm.CONSOLE_CLIENT),
                "--spring.security.oauth2.client.registration.hoshu.authorization-grant-type=authorization_code",
                "--spring.security.oauth2.client.registration.hoshu.redirect-uri="
                        + "{baseUrl}/console/login/oauth2/code/{registrationId}",
                "--spring.security.oauth2.client.registration.hoshu.scope=openid",
                "--spring.security.oauth2.client.provider.hoshu.issuer-uri=" + issuer,
                // the quickstart's parties: medserve's contract for CT-01, hosp-a's policy (REPAIR needs two approvers)
                "--hoshu.bootstrap=classpath:quickstart-bootstrap.yaml",
                // a grant's end is warned of within its minute, so the tests can meet the warning and the cut
                "--hoshu.grant-end-warning=20s");
    }

    KeycloakServer keycloak() {
        return keycloak;
    }

    String brokerUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    ManagedProcess broker() {
        return broker;
    }

    Path home(String user) {
        return dir.resolve("cli").resolve(user);
    }

    Path recording(String sessionId) {
        try (Stream<Path> files = Files.walk(dir.resolve("broker/recordings"))) {
            return files.filter(p -> p.getFileName().toString().equals(sessionId + ".jsonl")).findFirst()
                    .orElseThrow(() -> new AssertionError("no recording for " + sessionId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path knownHosts() {
        return dir.resolve("known_hosts");
    }

    /** Records the gateway's host key so every ssh checks it strictly. */
    void scanGatewayKey() {
        RunResult hostKey = Commands.run(List.of("ssh-keyscan", "-p", String.valueOf(sshPort), "127.0.0.1"), Map.of(),
                null, dir);
        HoshuSystem.check(hostKey.exitCode() == 0 && !hostKey.stdout().isBlank(), "ssh-keyscan of the gateway", hostKey);
        try {
            Files.writeString(knownHosts(), hostKey.stdout());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code hoshu login --issuer} as the user with password and the authenticator's current code. */
    RunResult login(String user) {
        return login(user, HoshuRealm.CLI_CLIENT, true);
    }

    RunResult login(String user, String clientId, boolean withCode) {
        RealmUser account = realm.user(user);
        List<String> args = new ArrayList<>(List.of("login", "--broker", brokerUrl(), "--ssh", "127.0.0.1:" + sshPort,
                "--issuer", keycloak.issuer().toString(), "--client-id", clientId, "--user", user, "--password-stdin"));
        if (withCode) {
            args.addAll(List.of("--otp", codes.next(account)));
        }
        return hoshuWithInput(user, account.password() + "\n", args.toArray(String[]::new));
    }

    RunResult hoshu(String user, String... args) {
        return hoshuWithInput(user, null, args);
    }

    RunResult hoshuWithInput(String user, String stdin, String... args) {
        return Commands.run(HoshuSystem.cli(args), Map.of("HOSHU_HOME", home(user).toString()), stdin, dir);
    }

    /** The real OpenSSH client with the grant certificate {@code hoshu ssh} left in the engineer's home. */
    RunResult ssh(String engineer, Path certificate, String device, String... command) {
        List<String> ssh = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-p", String.valueOf(sshPort),
                "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts(),
                "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
                "-i", home(engineer).resolve("keys/id_ed25519").toString(), "-o", "CertificateFile=" + certificate,
                device + "@127.0.0.1"));
        ssh.addAll(List.of(command));
        return Commands.run(ssh, Map.of(), null, dir);
    }

    /** Signs the demo tools (key made by {@code manufacturer}), enrolls the device as {@code hospitalAdmin}, runs it. */
    ManagedProcess startAgent(String device, String hospitalAdmin, String manufacturer) {
        Path agentDir = dir.resolve("agent-" + device);
        Path key = dir.resolve("manufacturer/demo");
        RunResult keygen = hoshu(manufacturer, "tools", "keygen", "--out", key.toString());
        HoshuSystem.check(keygen.exitCode() == 0, "manufacturer keygen", keygen);
        try {
            Files.createDirectories(agentDir.resolve("trusted-keys"));
            Files.copy(dir.resolve("manufacturer/demo.pub.pem"), agentDir.resolve("trusted-keys/demo.pem"),
                    StandardCopyOption.REPLACE_EXISTING);
            for (String tool : HoshuSystem.DEMO_TOOLS) {
                Path target = HoshuSystem.copyTree(HoshuSystem.ROOT.resolve("deploy/demo/tools").resolve(tool),
                        agentDir.resolve("tools").resolve(tool));
                RunResult sign = hoshu(manufacturer, "tools", "sign", "--update-hashes", "--key", key + ".key",
                        target.toString());
                HoshuSystem.check(sign.exitCode() == 0, "sign " + tool, sign);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RunResult token = hoshu(hospitalAdmin, "enroll-token", device, "--quiet");
        HoshuSystem.check(token.exitCode() == 0, "join token for " + device, token);
        RunResult enroll = Commands.run(HoshuSystem.java("-jar",
                HoshuSystem.jar("device-agent/target/runtime/hoshu-device-agent.jar"), "enroll", "--broker",
                "127.0.0.1:" + tunnelPort, "--token", token.stdout().strip(), "--data", agentDir.toString()),
                Map.of(), null, dir);
        HoshuSystem.check(enroll.exitCode() == 0, "enroll " + device, enroll);
        ManagedProcess agent = ManagedProcess.start("agent " + device, HoshuSystem.java("-Xmx256m", "-jar",
                        HoshuSystem.jar("device-agent/target/runtime/hoshu-device-agent.jar"), "run", "--data", agentDir.toString(),
                        "--tools", agentDir.resolve("tools").toString(), "--trust", agentDir.resolve("trusted-keys").toString()),
                Map.of(), dir.resolve("logs/agent-" + device + ".log"));
        agents.add(agent);
        return agent;
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create(brokerUrl() + "/actuator/health")).build();
        Await.until(Duration.ofSeconds(90), "the broker's health endpoint", () -> {
            if (!broker.isAlive()) {
                throw new AssertionError("broker exited:\n" + broker.output());
            }
            try {
                return http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    @Override
    public void close() {
        agents.forEach(ManagedProcess::close);
        if (broker != null) {
            broker.close();
        }
        keycloak.close();
    }
}
