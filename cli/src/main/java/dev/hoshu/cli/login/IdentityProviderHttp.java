package dev.hoshu.cli.login;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import dev.hoshu.cli.http.BrokerCallFailed;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON calls to an OpenID Connect provider (discovery, token and device endpoints). Its failures name
 * the identity provider, not the broker, so the user knows which one to look at.
 */
final class IdentityProviderHttp {

    /** No discovery document or token answer comes close; a larger one is refused, not buffered. */
    static final int MAX_ANSWER_BYTES = 256 * 1024;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    /** What an endpoint answered: the HTTP status and its JSON body (a missing node when it was not JSON). */
    record Answer(int status, JsonNode json) {

        boolean ok() {
            return status >= 200 && status < 300 && json.isObject();
        }

        String error() {
            return json.path("error").asString("");
        }

        /** RFC 6749 §5.2: the description if there is one, else the error code, else the status. */
        String explanation() {
            String description = json.path("error_description").asString("");
            if (!description.isBlank()) {
                return description;
            }
            return error().isBlank() ? "HTTP " + status : error();
        }
    }

    private final HttpClient http;

    IdentityProviderHttp(HttpClient http) {
        this.http = http;
    }

    Answer get(URI uri) {
        return send(HttpRequest.newBuilder(uri).timeout(CALL_TIMEOUT).header("Accept", "application/json").GET().build());
    }

    Answer postForm(URI uri, Map<String, String> form) {
        String encoded = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri).timeout(CALL_TIMEOUT)
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encoded))
                .build());
    }

    private Answer send(HttpRequest request) {
        String where = request.uri().getScheme() + "://" + request.uri().getRawAuthority();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            return new Answer(response.statusCode(), parse(readBounded(response.body(), where)));
        } catch (HttpTimeoutException e) {
            throw new BrokerCallFailed("cannot reach identity provider " + where + ": no answer within "
                    + CALL_TIMEOUT.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new BrokerCallFailed("cannot reach identity provider " + where + ": connection refused");
        } catch (IOException e) {
            throw new BrokerCallFailed("cannot reach identity provider " + where + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerCallFailed("interrupted while calling identity provider " + where);
        } catch (java.nio.channels.UnresolvedAddressException e) {
            throw new BrokerCallFailed("cannot reach identity provider " + where + ": unknown host");
        }
    }

    private static byte[] readBounded(InputStream in, String where) throws IOException {
        try (in) {
            byte[] body = in.readNBytes(MAX_ANSWER_BYTES + 1);
            if (body.length > MAX_ANSWER_BYTES) {
                throw new BrokerCallFailed("login refused: identity provider " + where + " answered more than "
                        + MAX_ANSWER_BYTES + " bytes");
            }
            return body;
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? JsonMapper.shared().missingNode() : JsonMapper.shared().readTree(body);
        } catch (JacksonException e) {
            return JsonMapper.shared().missingNode();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
