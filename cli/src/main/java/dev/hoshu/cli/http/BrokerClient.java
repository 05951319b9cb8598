package dev.hoshu.cli.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The broker's HTTP API ({@code /api/v1}) as JSON in, JSON out. Every way a call can fail ends as a
 * {@link BrokerCallFailed} with the line the user should read.
 */
public final class BrokerClient {

    /** Answers larger than this are refused rather than buffered: no API answer comes close. */
    static final int MAX_ANSWER_BYTES = 8 * 1024 * 1024;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.shared();

    private final HttpClient http;
    private final URI broker;
    private final String bearerToken;

    /**
     * @param broker      the broker's base address, for example {@code http://127.0.0.1:8080}
     * @param bearerToken the access token, or {@code null} for calls made before login
     */
    public BrokerClient(HttpClient http, URI broker, String bearerToken) {
        this.http = http;
        this.broker = BrokerAddress.normalise(broker);
        this.bearerToken = bearerToken;
    }

    public URI broker() {
        return broker;
    }

    public JsonNode get(String apiPath) {
        return answer(send(api(apiPath).GET().build()));
    }

    public JsonNode post(String apiPath, JsonNode body) {
        return answer(send(api(apiPath)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build()));
    }

    public JsonNode put(String apiPath, JsonNode body) {
        return answer(send(api(apiPath)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build()));
    }

    /** A DELETE carrying a JSON body (the reason an unlock is recorded with). */
    public JsonNode delete(String apiPath, JsonNode body) {
        return answer(send(api(apiPath)
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build()));
    }

    /** The raw answer of a GET that is not JSON (a recording's {@code .jsonl}), refused like any other call. */
    public byte[] download(String apiPath) {
        Answer answer = send(api(apiPath).GET().build());
        if (answer.status() >= 400) {
            answer(answer);
        }
        return answer.body();
    }

    /**
     * A form POST to an OAuth token endpoint. Its refusals (RFC 6749 §5.2: {@code error},
     * {@code error_description}) are about the credentials, so a 401 here is not "log in again".
     */
    public JsonNode postToken(URI endpoint, Map<String, String> form) {
        String encoded = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        Answer answer = send(HttpRequest.newBuilder(endpoint).timeout(CALL_TIMEOUT)
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encoded))
                .build());
        if (answer.status() >= 400) {
            JsonNode json = parse(answer.body());
            String why = json == null ? null
                    : json.path("error_description").asString(json.path("error").asString(null));
            if ("invalid_grant".equals(why)) {
                why = "wrong user name or password (invalid_grant)";
            }
            throw new BrokerCallFailed("login refused: " + (why == null || why.isBlank() ? "HTTP " + answer.status() : why));
        }
        return answer(answer);
    }

    private record Answer(int status, byte[] body) {
    }

    /** One path segment, percent-encoded so an id can never add segments or a query. */
    public static String segment(String value) {
        return encode(value).replace("+", "%20");
    }

    private HttpRequest.Builder api(String apiPath) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(broker + "/api/v1" + apiPath))
                .timeout(CALL_TIMEOUT)
                .header("Accept", "application/json");
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        return request;
    }

    /**
     * A GET whose answer is JSON Lines that arrive over time (a session's live view): each line goes to
     * {@code line} as it arrives; returns when the broker ends the answer. Refusals as for any call.
     */
    public void stream(String apiPath, Consumer<String> line) {
        // No call timeout: a live view lasts as long as the session; the connect timeout still holds.
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(broker + "/api/v1" + apiPath))
                .header("Accept", "application/x-ndjson, application/json");
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        HttpResponse<InputStream> response = open(request.GET().build());
        if (response.statusCode() >= 400) {
            answer(new Answer(response.statusCode(), readBounded(response.body())));
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String next = lines.readLine(); next != null; next = lines.readLine()) {
                if (!next.isBlank()) {
                    line.accept(next);
                }
            }
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private Answer send(HttpRequest request) {
        HttpResponse<InputStream> response = open(request);
        return new Answer(response.statusCode(), readBounded(response.body()));
    }

    private HttpResponse<InputStream> open(HttpRequest request) {
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerCallFailed("interrupted while calling broker " + broker);
        } catch (UnresolvedAddressException e) {
            throw new BrokerCallFailed("cannot reach broker " + broker + ": unknown host");
        }
        return response;
    }

    private JsonNode answer(Answer answer) {
        int status = answer.status();
        byte[] body = answer.body();
        if (status == 401) {
            throw new BrokerCallFailed("not logged in or token expired: run hoshu login");
        }
        JsonNode json = parse(body);
        if (status >= 400) {
            String error = json == null ? null : json.path("error").asString(null);
            throw new BrokerCallFailed(error != null && !error.isBlank() ? error : "broker answered HTTP " + status);
        }
        if (json == null && body.length > 0) {
            throw new BrokerCallFailed("broker answered something that is not JSON (HTTP " + status + ")");
        }
        return json == null ? JSON.missingNode() : json;
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private byte[] readBounded(InputStream in) {
        try (in) {
            byte[] body = in.readNBytes(MAX_ANSWER_BYTES + 1);
            if (body.length > MAX_ANSWER_BYTES) {
                throw new BrokerCallFailed("refused: broker answer larger than " + MAX_ANSWER_BYTES + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private BrokerCallFailed unreachable(IOException e) {
        String why;
        if (e instanceof HttpConnectTimeoutException) {
            why = "connection timed out";
        } else if (e instanceof ConnectException && causedBy(e, UnresolvedAddressException.class)) {
            why = "unknown host";
        } else if (e instanceof ConnectException) {
            why = "connection refused (is it running? try bin/quickstart)";
        } else if (e instanceof HttpTimeoutException) {
            why = "no answer within " + CALL_TIMEOUT.toSeconds() + " s";
        } else if (causedBy(e, UnknownHostException.class)) {
            why = "unknown host";
        } else {
            why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new BrokerCallFailed("cannot reach broker " + broker + ": " + why);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
