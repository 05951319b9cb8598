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
import dev.hoshu.cli.TerminalText;
import dev.hoshu.cli.access.SshAddress;
import dev.hoshu.cli.http.BrokerAddress;
import dev.hoshu.cli.http.BrokerCallFailed;
import dev.hoshu.cli.http.BrokerClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hoshu login}: signs in and keeps the token for the other commands. Without {@code --issuer} it asks the
 * broker's development issuer (quickstart); with it, the OpenID Connect provider the broker trusts (ADR 0013).
 */
@Command(name = "login", mixinStandardHelpOptions = true, description = {
        "Sign in to a broker and keep the token in $HOSHU_HOME.",
        "With --issuer: your organisation's OpenID Connect provider, by the device flow (--device, for people) "
                + "or the password grant with --otp (automation and tests).",
        "Without --issuer: the broker's development issuer (quickstart only)."})
public final class LoginCommand implements Callable<Integer> {

    @Option(names = "--broker", required = true, paramLabel = "URL", description = "e.g. http://127.0.0.1:8080")
    String broker;

    @Option(names = "--user", description = "required except with --device, where the provider says who signed in")
    String user;

    @Option(names = "--issuer", paramLabel = "URL", description = "OpenID Connect issuer, e.g. https://id.example/realms/hoshu")
    String issuer;

    @Option(names = "--client-id", paramLabel = "ID", description = "the provider's client for this CLI; default ${DEFAULT-VALUE}")
    String clientId = PasswordGrant.CLIENT_ID;

    @Option(names = "--otp", paramLabel = "CODE", description = "the one-time code of your authenticator (password grant)")
    String oneTimeCode;

    @Option(names = "--device", description = "sign in in a browser with a code (RFC 8628 device flow)")
    boolean device;

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

    private static final java.util.regex.Pattern CLIENT_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

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
        IssuedToken token = issuer == null ? developmentIssuerToken(client) : providerToken();
        TokenClaims claims = TokenClaims.readUnverified(token.accessToken());
        String who = user != null ? user : claims.username();
        if (who == null || who.isBlank()) {
            throw new BrokerCallFailed("login refused: the token names no user (preferred_username or sub)");
        }
        Instant expiresAt = context.clock().instant().plusSeconds(token.expiresInSeconds());
        context.logins().save(new StoredLogin(client.broker(), token.accessToken(), who, expiresAt, ssh));
        String described = claims.describe();
        context.out().println("logged in as " + TerminalText.oneLine(who)
                + (described.isEmpty() ? "" : " (" + TerminalText.oneLine(described) + ")")
                + " until " + context.clockTime(expiresAt));
        return 0;
    }

    private IssuedToken developmentIssuerToken(BrokerClient client) {
        if (device || oneTimeCode != null || !PasswordGrant.CLIENT_ID.equals(clientId)) {
            throw new BrokerCallFailed("refused: --device, --otp and --client-id need --issuer (an OpenID Connect provider)");
        }
        requireUser();
        return new PasswordGrant(client, new DevelopmentIssuer(client.broker())).signIn(user, readPassword());
    }

    private IssuedToken providerToken() {
        URI issuerUri = IdentityProviderAddress.parseIssuer(issuer);
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            throw new BrokerCallFailed("refused: --client-id must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (device && (password != null || oneTimeCode != null)) {
            throw new BrokerCallFailed("refused: with --device you sign in in the browser; drop --password-stdin and --otp");
        }
        if (!device) {
            requireUser();
        }
        IdentityProviderHttp http = new IdentityProviderHttp(context.http());
        OidcProvider provider = OidcProvider.discover(http, issuerUri);
        if (device) {
            return new DeviceAuthorizationGrant(http, provider, clientId, context.clock(), d -> Thread.sleep(d.toMillis()))
                    .signIn(context.out());
        }
        return new ResourceOwnerPasswordGrant(http, provider, clientId).signIn(user, readPassword(), oneTimeCode);
    }

    private void requireUser() {
        if (user == null || user.isBlank()) {
            throw new BrokerCallFailed("refused: --user is required (or use --issuer URL --device)");
        }
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
