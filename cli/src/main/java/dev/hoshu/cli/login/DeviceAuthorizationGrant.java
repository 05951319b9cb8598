package dev.hoshu.cli.login;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.hoshu.cli.TerminalText;
import dev.hoshu.cli.http.BrokerCallFailed;
import tools.jackson.databind.JsonNode;

/**
 * RFC 8628, the device authorization grant: the CLI shows a link and a short code, the engineer signs in
 * with password and second factor in any browser, and the CLI polls until the provider issues the token.
 * No password ever passes through the CLI, and the provider's own login (with its MFA) is the one used.
 */
final class DeviceAuthorizationGrant {

    /** Waiting between polls; tests replace it so they do not sleep. */
    interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);
    static final Duration LONGEST_WAIT = Duration.ofMinutes(15);

    private final IdentityProviderHttp http;
    private final OidcProvider provider;
    private final String clientId;
    private final Clock clock;
    private final Pause pause;

    DeviceAuthorizationGrant(IdentityProviderHttp http, OidcProvider provider, String clientId, Clock clock, Pause pause) {
        this.http = http;
        this.provider = provider;
        this.clientId = clientId;
        this.clock = clock;
        this.pause = pause;
    }

    IssuedToken signIn(PrintWriter out) {
        Map<String, String> start = new LinkedHashMap<>();
        start.put("client_id", clientId);
        start.put("scope", "openid");
        IdentityProviderHttp.Answer answer = http.postForm(provider.requireDeviceEndpoint(), start);
        if (!answer.ok()) {
            throw new BrokerCallFailed("login refused by " + provider.issuer() + ": " + answer.explanation());
        }
        JsonNode json = answer.json();
        String deviceCode = json.path("device_code").asString("");
        String userCode = json.path("user_code").asString("");
        String verification = json.path("verification_uri").asString("");
        if (deviceCode.isBlank() || userCode.isBlank() || verification.isBlank()) {
            throw new BrokerCallFailed("login refused: the identity provider's device answer lacks "
                    + "device_code, user_code or verification_uri");
        }
        URI page = IdentityProviderAddress.page(verification, "verification_uri");
        String complete = json.path("verification_uri_complete").asString("");
        out.println("To sign in, open " + TerminalText.oneLine(page.toString()) + " and enter the code "
                + TerminalText.oneLine(userCode));
        if (!complete.isBlank()) {
            out.println("or open " + TerminalText.oneLine(IdentityProviderAddress.page(complete,
                    "verification_uri_complete").toString()));
        }
        out.println("waiting for the sign-in to finish …");
        out.flush();
        long expiresIn = Math.min(json.path("expires_in").asLong(LONGEST_WAIT.toSeconds()), LONGEST_WAIT.toSeconds());
        Duration interval = Duration.ofSeconds(Math.max(1, json.path("interval").asLong(DEFAULT_INTERVAL.toSeconds())));
        return poll(deviceCode, clock.instant().plusSeconds(expiresIn), interval);
    }

    private IssuedToken poll(String deviceCode, Instant deadline, Duration interval) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "urn:ietf:params:oauth:grant-type:device_code");
        form.put("device_code", deviceCode);
        form.put("client_id", clientId);
        while (true) {
            try {
                pause.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BrokerCallFailed("login abandoned: interrupted while waiting for the sign-in");
            }
            if (clock.instant().isAfter(deadline)) {
                throw new BrokerCallFailed("login refused: the code expired before the sign-in finished; run hoshu login again");
            }
            IdentityProviderHttp.Answer answer = http.postForm(provider.tokenEndpoint(), form);
            if (answer.ok()) {
                return TokenAnswers.accessToken(answer);
            }
            switch (answer.error()) {
                case "authorization_pending" -> { }
                case "slow_down" -> interval = interval.plus(SLOW_DOWN_STEP);
                case "access_denied" -> throw new BrokerCallFailed("login refused: the sign-in was denied in the browser");
                case "expired_token" -> throw new BrokerCallFailed(
                        "login refused: the code expired before the sign-in finished; run hoshu login again");
                default -> throw new BrokerCallFailed("login refused by " + provider.issuer() + ": " + answer.explanation());
            }
        }
    }
}
