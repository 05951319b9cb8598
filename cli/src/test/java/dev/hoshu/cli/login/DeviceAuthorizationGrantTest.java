package dev.hoshu.cli.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.sun.net.httpserver.HttpServer;
import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.http.BrokerCallFailed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The polling rules of RFC 8628 §3.5 against a token endpoint that answers from a script. */
class DeviceAuthorizationGrantTest {

    private HttpServer server;
    private final ConcurrentLinkedQueue<String> tokenAnswers = new ConcurrentLinkedQueue<>();
    private final List<Duration> pauses = new ArrayList<>();
    private OidcProvider provider;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/device", exchange -> reply(exchange, 200, "{\"device_code\":\"dc\",\"user_code\":\"AB-CD\","
                + "\"verification_uri\":\"http://127.0.0.1/device\",\"expires_in\":60,\"interval\":5}"));
        server.createContext("/token", exchange -> {
            String next = tokenAnswers.poll();
            reply(exchange, next.startsWith("{\"access_token\"") ? 200 : 400, next);
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        provider = new OidcProvider(URI.create(base), URI.create(base + "/token"), URI.create(base + "/device"));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private IssuedToken signIn(Clock clock) {
        return new DeviceAuthorizationGrant(new IdentityProviderHttp(CliContext.defaultHttpClient()), provider,
                "hoshu-cli", clock, pauses::add).signIn(new PrintWriter(new StringWriter()));
    }

    @Test
    void pendingKeepsPollingAndSlowDownWidensTheInterval() {
        tokenAnswers.addAll(List.of("{\"error\":\"authorization_pending\"}", "{\"error\":\"slow_down\"}",
                "{\"error\":\"authorization_pending\"}", "{\"access_token\":\"t\",\"expires_in\":300}"));

        IssuedToken token = signIn(Clock.fixed(Instant.parse("2026-04-01T07:42:00Z"), ZoneOffset.UTC));

        assertEquals(new IssuedToken("t", 300), token);
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10)),
                pauses);
    }

    @Test
    void aDenialInTheBrowserEndsTheLoginWithOneLine() {
        tokenAnswers.add("{\"error\":\"access_denied\"}");

        BrokerCallFailed refused = assertThrows(BrokerCallFailed.class,
                () -> signIn(Clock.fixed(Instant.parse("2026-04-01T07:42:00Z"), ZoneOffset.UTC)));

        assertEquals("login refused: the sign-in was denied in the browser", refused.getMessage());
    }

    @Test
    void theCodesLifetimeBoundsTheWaitEvenIfTheProviderNeverAnswersOtherwise() {
        for (int i = 0; i < 100; i++) {
            tokenAnswers.add("{\"error\":\"authorization_pending\"}");
        }
        Instant start = Instant.parse("2026-04-01T07:42:00Z");
        Clock advancing = new Clock() {
            private int calls;

            @Override
            public Instant instant() {
                return start.plusSeconds(20L * calls++);
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };

        BrokerCallFailed refused = assertThrows(BrokerCallFailed.class, () -> signIn(advancing));

        assertEquals("login refused: the code expired before the sign-in finished; run hoshu login again",
                refused.getMessage());
    }
}
