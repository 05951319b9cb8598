package dev.hoshu.bench.tunnels;

import dev.hoshu.bench.process.OneLine;
import dev.hoshu.bench.process.PathFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Join tokens from the broker's API as the quickstart's hospital admin (tanaka, logged in by the quickstart), one
 * {@code POST /api/v1/devices/{id}/join-tokens} per device: each call creates the ledger entry as {@code hoshu
 * enroll-token} does, without starting a CLI process per device.
 */
public final class JoinTokenMint {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(LIMIT).build();
    private final URI broker;
    private final String bearer;

    private JoinTokenMint(URI broker, String bearer) {
        this.broker = broker;
        this.bearer = bearer;
    }

    /** @param cliHome the admin's {@code HOSHU_HOME}, whose {@code session.json} holds the token */
    public static JoinTokenMint as(Path cliHome, int httpPort) {
        Path session = cliHome.resolve("session.json");
        try {
            String token = JSON.readTree(session.toFile()).path("token").asString("");
            if (token.isBlank()) {
                throw new PathFailure("tunnels: " + session + " holds no token; did the quickstart log in tanaka?");
            }
            return new JoinTokenMint(URI.create("http://127.0.0.1:" + httpPort), token);
        } catch (RuntimeException e) {
            if (e instanceof PathFailure failure) {
                throw failure;
            }
            throw new PathFailure("tunnels: cannot read the admin's login " + session + ": " + OneLine.of(e.getMessage()));
        }
    }

    /** The join token text ({@code hjt1.…}) for a new device in the admin's hospital. */
    public String mint(String deviceId) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(broker.resolve("/api/v1/devices/" + deviceId + "/join-tokens"))
                .timeout(LIMIT)
                .header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IOException("join token for " + deviceId + " refused (HTTP " + response.statusCode() + "): "
                    + OneLine.of(response.body()));
        }
        JsonNode answer = JSON.readTree(response.body());
        String token = answer.path("token").asString("");
        if (token.isBlank()) {
            throw new IOException("join token answer for " + deviceId + " has no token");
        }
        return token;
    }
}
