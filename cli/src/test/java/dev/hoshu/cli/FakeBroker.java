package dev.hoshu.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A broker stand-in on 127.0.0.1: canned answers per "METHOD path", and a log of what the CLI sent. */
final class FakeBroker implements AutoCloseable {

    /** @param query the raw query string, or {@code null} */
    record Sent(String method, String path, String authorization, String contentType, String body, String query) {
    }

    private record Canned(int status, String body) {
    }

    private final HttpServer server;
    private final Map<String, Canned> answers = new ConcurrentHashMap<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    FakeBroker() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeBroker answer(String methodAndPath, int status, String json) {
        answers.put(methodAndPath, new Canned(status, json));
        return this;
    }

    List<Sent> sent() {
        return List.copyOf(sent);
    }

    Sent only() {
        if (sent.size() != 1) {
            throw new AssertionError("expected one request, got " + sent);
        }
        return sent.get(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getRawPath();
            sent.add(new Sent(exchange.getRequestMethod(), path,
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body, exchange.getRequestURI().getRawQuery()));
            Canned canned = answers.getOrDefault(exchange.getRequestMethod() + " " + path,
                    new Canned(404, "{\"error\":\"not found: " + path + "\"}"));
            byte[] bytes = canned.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(canned.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
