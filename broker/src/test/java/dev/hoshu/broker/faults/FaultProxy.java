package dev.hoshu.broker.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves the Toxiproxy HTTP API subset toxiproxy-java 2.1 uses, on loopback: create, list, get, update
 * (enable/disable, listen, upstream) and delete proxies; add, list, get, update and remove toxics; reset; version.
 */
public final class FaultProxy implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PROXY = Pattern.compile("/proxies/([A-Za-z0-9._-]{1,64})");
    private static final Pattern TOXICS = Pattern.compile("/proxies/([A-Za-z0-9._-]{1,64})/toxics");
    private static final Pattern TOXIC = Pattern.compile("/proxies/([A-Za-z0-9._-]{1,64})/toxics/([A-Za-z0-9._-]{1,64})");
    private static final int MAX_BODY = 64 * 1024;

    private final HttpServer http;
    private final Map<String, TcpProxy> proxies = new ConcurrentHashMap<>();

    private FaultProxy(HttpServer http) {
        this.http = http;
    }

    /** Starts the API on a free loopback port. */
    public static FaultProxy start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            FaultProxy proxy = new FaultProxy(http);
            http.createContext("/", proxy::handle);
            http.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fault proxy", e);
        }
    }

    public String host() {
        return http.getAddress().getAddress().getHostAddress();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    private record Answer(int status, Object body) {
    }

    private void handle(HttpExchange exchange) throws IOException {
        Answer answer;
        try {
            answer = route(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body(exchange));
        } catch (IllegalArgumentException | IllegalStateException | JacksonException e) {
            answer = new Answer(400, Map.of("error", String.valueOf(e.getMessage()), "status", 400));
        }
        byte[] bytes = answer.body() instanceof String text ? text.getBytes(StandardCharsets.UTF_8)
                : answer.body() == null ? new byte[0] : JSON.writeValueAsBytes(answer.body());
        exchange.getResponseHeaders().set("Content-Type",
                answer.body() instanceof String ? "text/plain" : "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new IllegalArgumentException("request body too large");
            }
            return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
        }
    }

    private Answer route(String method, String path, JsonNode body) {
        Matcher toxic = TOXIC.matcher(path);
        Matcher toxics = TOXICS.matcher(path);
        Matcher proxy = PROXY.matcher(path);
        if (path.equals("/version") && method.equals("GET")) {
            return new Answer(200, "2.12.0-hoshu-fault-proxy");
        }
        if (path.equals("/reset") && method.equals("POST")) {
            proxies.values().forEach(p -> {
                p.removeAllToxics();
                p.enable();
            });
            return new Answer(204, null);
        }
        if (path.equals("/proxies")) {
            return switch (method) {
                case "GET" -> new Answer(200, all());
                case "POST" -> create(body);
                default -> notAllowed();
            };
        }
        if (toxic.matches()) {
            return onToxic(method, proxies.get(toxic.group(1)), toxic.group(2), body);
        }
        if (toxics.matches()) {
            return onToxics(method, proxies.get(toxics.group(1)), body);
        }
        if (proxy.matches()) {
            return onProxy(method, proxy.group(1), body);
        }
        return notFound("no such path");
    }

    private Map<String, Object> all() {
        Map<String, Object> all = new LinkedHashMap<>();
        proxies.forEach((name, p) -> all.put(name, p.json()));
        return all;
    }

    private Answer create(JsonNode body) {
        String name = text(body, "name");
        if (!PROXY.matcher("/proxies/" + name).matches()) {
            throw new IllegalArgumentException("proxy name must be a plain name");
        }
        TcpProxy created = new TcpProxy(name, text(body, "listen"), text(body, "upstream"));
        if (proxies.putIfAbsent(name, created) != null) {
            return new Answer(409, Map.of("error", "proxy already exists", "status", 409));
        }
        if (!body.has("enabled") || body.get("enabled").asBoolean()) {
            created.enable();
        }
        return new Answer(201, created.json());
    }

    private Answer onProxy(String method, String name, JsonNode body) {
        TcpProxy proxy = proxies.get(name);
        if (proxy == null) {
            return notFound("proxy not found");
        }
        switch (method) {
            case "GET" -> {
                return new Answer(200, proxy.json());
            }
            case "POST" -> {
                if (body.has("listen") || body.has("upstream")) {
                    // Toxiproxy restarts a proxy on a new address; ours is replaced, toxics and all reset.
                    proxy.close();
                    TcpProxy moved = new TcpProxy(name, body.has("listen") ? text(body, "listen")
                            : (String) proxy.json().get("listen"), body.has("upstream") ? text(body, "upstream")
                            : (String) proxy.json().get("upstream"));
                    proxies.put(name, moved);
                    moved.enable();
                    proxy = moved;
                }
                if (body.has("enabled")) {
                    if (body.get("enabled").asBoolean()) {
                        proxy.enable();
                    } else {
                        proxy.disable();
                    }
                }
                return new Answer(200, proxy.json());
            }
            case "DELETE" -> {
                proxies.remove(name).close();
                return new Answer(204, null);
            }
            default -> {
                return notAllowed();
            }
        }
    }

    private Answer onToxics(String method, TcpProxy proxy, JsonNode body) {
        if (proxy == null) {
            return notFound("proxy not found");
        }
        if (method.equals("GET")) {
            return new Answer(200, proxy.toxics().stream().map(Toxic::json).toList());
        }
        if (!method.equals("POST")) {
            return notAllowed();
        }
        String type = text(body, "type");
        if (!Toxic.TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown toxic type " + type);
        }
        String stream = body.has("stream") ? text(body, "stream") : "downstream";
        if (!Toxic.STREAMS.contains(stream)) {
            throw new IllegalArgumentException("stream must be upstream or downstream");
        }
        String name = body.has("name") ? text(body, "name") : type + "_" + stream;
        double toxicity = body.has("toxicity") ? body.get("toxicity").asDouble() : 1.0;
        Toxic toxic = new Toxic(name, type, stream, toxicity, attributes(body.get("attributes")));
        try {
            return new Answer(200, proxy.addToxic(toxic).json());
        } catch (IllegalStateException e) {
            return new Answer(409, Map.of("error", "toxic already exists", "status", 409));
        }
    }

    private Answer onToxic(String method, TcpProxy proxy, String name, JsonNode body) {
        if (proxy == null) {
            return notFound("proxy not found");
        }
        Optional<Toxic> found = switch (method) {
            case "GET" -> proxy.toxic(name);
            case "POST" -> proxy.updateToxic(name, attributes(body.get("attributes")),
                    body.has("toxicity") ? body.get("toxicity").asDouble() : null);
            case "DELETE" -> proxy.removeToxic(name) ? Optional.of(new Toxic(name, "", "", 0, Map.of()))
                    : Optional.empty();
            default -> null;
        };
        if (found == null) {
            return notAllowed();
        }
        if (found.isEmpty()) {
            return notFound("toxic not found");
        }
        return method.equals("DELETE") ? new Answer(204, null) : new Answer(200, found.get().json());
    }

    private static Map<String, Long> attributes(JsonNode attributes) {
        Map<String, Long> values = new LinkedHashMap<>();
        if (attributes != null && attributes.isObject()) {
            attributes.properties().forEach(e -> values.put(e.getKey(), e.getValue().asLong()));
        }
        return values;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isString()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value.asString();
    }

    private static Answer notFound(String what) {
        return new Answer(404, Map.of("error", what, "status", 404));
    }

    private static Answer notAllowed() {
        return new Answer(405, Map.of("error", "method not allowed", "status", 405));
    }

    @Override
    public void close() {
        http.stop(0);
        proxies.values().forEach(TcpProxy::close);
        proxies.clear();
    }
}
