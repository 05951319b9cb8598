package dev.hoshu.cli.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.http.BrokerCallFailed;
import dev.hoshu.cli.http.BrokerClient;
import dev.hoshu.cli.http.ResourceId;
import dev.hoshu.cli.login.OwnerOnlyFiles;
import dev.hoshu.cli.login.StoredLogin;
import dev.hoshu.cli.login.TokenClaims;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hoshu ssh}: gets a certificate for the engineer's grant and hands over to the system
 * {@code ssh}, whose exit status becomes this command's.
 */
@Command(name = "ssh", mixinStandardHelpOptions = true, description = {
        "Run a tool on a device under your grant, through the system ssh.",
        "Put -- before COMMAND if its arguments could read as options of hoshu ssh itself."})
public final class SshCommand implements Callable<Integer> {

    private static final Pattern CERTIFICATE = Pattern.compile("[a-z0-9.@-]+-cert-v01@openssh\\.com [A-Za-z0-9+/=]+( [ -~]*)?");

    @Parameters(index = "0", paramLabel = "DEVICE")
    String device;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "the tool and its arguments")
    List<String> command = new ArrayList<>();

    @Option(names = {"-t", "--terminal"}, description = "ask for a terminal: needed by tools that declare needsTerminal")
    private boolean terminal;

    @Option(names = "--grant", paramLabel = "G", description = "default: your approved grant for DEVICE")
    String grant;

    @Option(names = "--ssh", paramLabel = "HOST:PORT", description = "default: from login, else the broker's host, port 2222")
    String ssh;

    private final CliContext context;

    public SshCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        ResourceId.requireDevice(device);
        StoredLogin login = context.login();
        BrokerClient broker = context.broker(login);
        String grantId = grant != null ? ResourceId.require("grant", grant) : liveGrant(broker, login);
        EngineerKey key = new EngineerKey(context.home().resolve("keys"), context.sshKeygenProgram());
        JsonNode issued = broker.post("/grants/" + BrokerClient.segment(grantId) + "/certificate",
                JsonMapper.shared().createObjectNode().put("publicKey", key.ensurePublicKey()));
        Path certificate = saveCertificate(grantId, issued.path("certificate").asString(""));
        Process ssh = new ProcessBuilder(sshArguments(key.privateKey(), certificate, gateway(login)))
                .inheritIO()
                .start();
        return ssh.waitFor();
    }

    /**
     * The caller's grant for the device that holds now, from the broker's list of the caller's grants: approved and
     * emergency grants alike (an emergency grant has no request behind it). Revoked and ended grants are passed over.
     */
    private String liveGrant(BrokerClient broker, StoredLogin login) {
        String user = login.user();
        Set<String> names = ownNames(login);
        Instant now = context.clock().instant();
        return StreamSupport.stream(broker.get("/grants").values().spliterator(), false)
                .map(view -> view.path("grant"))
                .filter(g -> device.equals(g.path("device").asString(null)))
                .filter(g -> names.contains(g.path("engineer").asString("")))
                .filter(g -> holds(g, now))
                // A revoked grant is still asked for when it is the only one: the broker's refusal says why
                // (revoked, or a lock standing) and is audited; a live grant is preferred when there is one.
                .max(Comparator.comparing((JsonNode g) -> !revoked(g))
                        .thenComparing(g -> g.path("notBefore").asString("")))
                .map(g -> ResourceId.require("grant", g.path("id").asString("")))
                .orElseThrow(() -> new BrokerCallFailed("denied: no live grant for " + user + " on " + device
                        + ": run hoshu request " + device + " and wait for approval"));
    }

    /**
     * The names the broker may give the caller as engineer: the token's subject, or (where the broker is told to
     * name users by {@code preferred_username}, as with Keycloak) the sign-in name.
     */
    private static Set<String> ownNames(StoredLogin login) {
        TokenClaims claims = TokenClaims.readUnverified(login.token());
        Set<String> names = new HashSet<>();
        names.add(login.user());
        if (claims.subject() != null) {
            names.add(claims.subject());
        }
        if (claims.username() != null) {
            names.add(claims.username());
        }
        return names;
    }

    private static boolean revoked(JsonNode grant) {
        return !(grant.path("revokedAt").isNull() || grant.path("revokedAt").isMissingNode());
    }

    private static boolean holds(JsonNode grant, Instant now) {
        try {
            // A minute of leeway: this machine's clock may run a little behind the broker's.
            return !now.plusSeconds(60).isBefore(Instant.parse(grant.path("notBefore").asString("")))
                    && now.isBefore(Instant.parse(grant.path("notAfter").asString("")));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private Path saveCertificate(String grantId, String certificate) throws IOException {
        String line = certificate.strip();
        if (!CERTIFICATE.matcher(line).matches()) {
            throw new BrokerCallFailed("refused: the broker's answer is not an OpenSSH certificate");
        }
        Path keysDir = context.home().resolve("keys");
        Path target = keysDir.resolve(grantId + "-cert.pub");
        Path temp = OwnerOnlyFiles.createFile(keysDir, grantId, ".tmp");
        Files.writeString(temp, line + "\n", StandardCharsets.UTF_8);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private SshAddress gateway(StoredLogin login) {
        if (ssh != null) {
            return SshAddress.parse(ssh);
        }
        return login.ssh() != null ? SshAddress.parse(login.ssh()) : SshAddress.besideBroker(login.broker());
    }

    List<String> sshArguments(Path privateKey, Path certificate, SshAddress gateway) {
        List<String> argv = new ArrayList<>(List.of(
                context.sshProgram(),
                "-p", Integer.toString(gateway.port()),
                "-i", privateKey.toString(),
                "-o", "CertificateFile=" + configPath(certificate),
                "-o", "IdentitiesOnly=yes",
                "-o", "UserKnownHostsFile=" + configPath(context.home().resolve("known_hosts")),
                "-o", "StrictHostKeyChecking=accept-new"));
        if (terminal) {
            argv.add("-t");
        }
        // ssh re-reads options after the destination; "--" keeps the tool's arguments arguments.
        argv.addAll(List.of("--", device + "@" + gateway.host()));
        // SSH carries one command string; join it so the gateway splits it back into exactly these arguments.
        argv.add(dev.hoshu.access.CommandLine.join(command));
        return argv;
    }

    /** A path as an ssh_config value: quoted for spaces, '%' doubled so ssh does not expand tokens. */
    private static String configPath(Path path) {
        return "\"" + path.toString().replace("%", "%%") + "\"";
    }
}
