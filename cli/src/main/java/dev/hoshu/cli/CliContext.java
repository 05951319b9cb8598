package dev.hoshu.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import dev.hoshu.cli.http.BrokerClient;
import dev.hoshu.cli.login.LoginStore;
import dev.hoshu.cli.login.StoredLogin;

/**
 * Everything a subcommand reaches outside itself: the home directory, the clock, the terminal's
 * streams, the HTTP client and the OpenSSH programs. Tests build one around temp dirs and fakes.
 *
 * @param home            {@code $HOSHU_HOME}, by default {@code ~/.hoshu}
 * @param sshProgram      the OpenSSH client to hand over to, normally {@code ssh} from the PATH
 * @param sshKeygenProgram the key generator, normally {@code ssh-keygen} from the PATH
 */
public record CliContext(Path home, Clock clock, ZoneId zone, InputStream stdin, PrintWriter out, PrintWriter err,
                         HttpClient http, String sshProgram, String sshKeygenProgram) {

    public static final ZoneId HOSPITAL_ZONE = ZoneId.of("Asia/Tokyo");

    /** The context of a real invocation from a shell. */
    public static CliContext system() {
        String configured = System.getenv("HOSHU_HOME");
        Path home = configured == null || configured.isBlank()
                ? Path.of(System.getProperty("user.home"), ".hoshu")
                : Path.of(configured);
        return new CliContext(home, Clock.systemUTC(), displayZone(), System.in,
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8),
                defaultHttpClient(), "ssh", "ssh-keygen");
    }

    /**
     * Times are shown in the hospitals' zone (Asia/Tokyo), the clock approvers and grants are
     * reckoned in, whatever zone the engineer's laptop is set to; {@code HOSHU_TZ} overrides it.
     */
    static ZoneId displayZone() {
        String configured = System.getenv("HOSHU_TZ");
        try {
            return configured == null || configured.isBlank() ? HOSPITAL_ZONE : ZoneId.of(configured);
        } catch (java.time.DateTimeException e) {
            return HOSPITAL_ZONE;
        }
    }

    public static HttpClient defaultHttpClient() {
        // Redirects are not followed: a bearer token must never be replayed to another origin.
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public LoginStore logins() {
        return new LoginStore(home);
    }

    /** The live login, or a one-line "run hoshu login" refusal. */
    public StoredLogin login() {
        return logins().requireLive(clock);
    }

    /** A client for the logged-in user's broker, carrying their token. */
    public BrokerClient broker() {
        return broker(login());
    }

    public BrokerClient broker(StoredLogin login) {
        return new BrokerClient(http, login.broker(), login.token());
    }

    public String clockTime(Instant instant) {
        return TerminalText.clockTime(instant, zone);
    }
}
