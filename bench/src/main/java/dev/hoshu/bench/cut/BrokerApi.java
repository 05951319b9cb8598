package dev.hoshu.bench.cut;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.hoshu.bench.process.OneLine;
import dev.hoshu.bench.process.PathFailure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The broker's HTTP API as the quickstart's demo users, with the tokens their {@code hoshu login} left in their CLI
 * homes: the calls a hospital's own integration would make, without a CLI process per call.
 */
final class BrokerApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Path cliHomes;

    /** @param cliHomes the folder holding one CLI home per demo user ({@code DATA/cli}) */
    BrokerApi(int httpPort, Path cliHomes) {
        this.base = "http://127.0.0.1:" + httpPort + "/api/v1";
        this.cliHomes = cliHomes;
    }

    JsonNode get(String user, String path) {
        return send(user, HttpRequest.newBuilder(URI.create(base + path)).GET(), path);
    }

    JsonNode post(String user, String path, Object body) {
        return send(user, HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), path);
    }

    private JsonNode send(String user, HttpRequest.Builder request, String path) {
        try {
            HttpResponse<String> answer = http.send(request.timeout(LIMIT)
                    .header("Authorization", "Bearer " + token(user)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 != 2) {
                throw new PathFailure("cut: " + path + " as " + user + " answered " + answer.statusCode() + ": "
                        + OneLine.of(answer.body()));
            }
            return answer.body().isBlank() ? JSON.nullNode() : JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new PathFailure("cut: " + path + " as " + user + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PathFailure("cut: interrupted", e);
        }
    }

    private String token(String user) throws IOException {
        return JSON.readTree(Files.readString(cliHomes.resolve(user).resolve("session.json"))).path("token").asString();
    }
}
