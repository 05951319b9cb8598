package dev.hoshu.cli.login;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Callable;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.access.SshAddress;
import dev.hoshu.cli.http.BrokerAddress;
import dev.hoshu.cli.http.BrokerCallFailed;
import dev.hoshu.cli.http.BrokerClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hoshu login}: signs in and keeps the token for the other commands. */
@Command(name = "login", mixinStandardHelpOptions = true, description = "Sign in to a broker (development issuer: password grant).")
public final class LoginCommand implements Callable<Integer> {

    @Option(names = "--broker", required = true, paramLabel = "URL", description = "e.g. http://127.0.0.1:8080")
    String broker;

    @Option(names = "--user", required = true)
    String user;

    @Option(names = "--ssh", paramLabel = "HOST:PORT", description = "SSH gateway; default: the broker's host, port 2222")
    String ssh;

    @ArgGroup(exclusive = true)
    PasswordSource password;

    static final class PasswordSource {
        @Option(names = "--password-stdin", description = "read the password from the first line of stdin")
        boolean fromStdin;

        @Option(names = "--password", paramLabel = "P", description = "visible to other local users; prefer --password-stdin")
        String literal;
    }

    private final CliContext context;

    public LoginCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        URI brokerUri = BrokerAddress.parse(broker);
        if (ssh != null) {
            SshAddress.parse(ssh);
        }
        BrokerClient client = new BrokerClient(context.http(), brokerUri, null);
        IssuedToken token = new PasswordGrant(client, new DevelopmentIssuer(client.broker()))
                .signIn(user, readPassword());
        Instant expiresAt = context.clock().instant().plusSeconds(token.expiresInSeconds());
        context.logins().save(new StoredLogin(client.broker(), token.accessToken(), user, expiresAt, ssh));
        String who = TokenClaims.readUnverified(token.accessToken()).describe();
        context.out().println("logged in as " + user + (who.isEmpty() ? "" : " (" + who + ")")
                + " until " + context.clockTime(expiresAt));
        return 0;
    }

    private String readPassword() {
        if (password != null && password.literal != null) {
            return password.literal;
        }
        if (password != null && password.fromStdin) {
            try {
                String line = new BufferedReader(new InputStreamReader(context.stdin(), StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isEmpty()) {
                    throw new BrokerCallFailed("login refused: no password on stdin");
                }
                return line;
            } catch (IOException e) {
                throw new BrokerCallFailed("login refused: cannot read the password from stdin");
            }
        }
        Console console = System.console();
        if (console == null) {
            throw new BrokerCallFailed("login refused: no terminal to ask for the password; use --password-stdin");
        }
        char[] typed = console.readPassword("password for %s: ", user);
        if (typed == null || typed.length == 0) {
            throw new BrokerCallFailed("login refused: empty password");
        }
        return new String(typed);
    }
}
