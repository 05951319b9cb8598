package dev.hoshu.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A hospital's webhook receiver on loopback, as docs/notifications.md tells one to be written: it keeps each
 * notice and checks its signature against the secret it was given, independently of the broker's code.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One notice as received, with whether its signature held. */
    record Notice(String event, JsonNode body, boolean signed) {
    }

    private final List<Notice> received = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private volatile String secret;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hoshu", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String timestamp = exchange.getRequestHeaders().getFirst("Hoshu-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("Hoshu-Signature");
            received.add(new Notice(exchange.getRequestHeaders().getFirst("Hoshu-Event"),
                    JsonMapper.shared().readTree(body), signed(timestamp, signature, body)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hoshu";
    }

    void secret(String secret) {
        this.secret = secret;
    }

    List<Notice> received() {
        return List.copyOf(received);
    }

    /** The first notice of this event about this lock or session (its {@code target.value} or {@code lockId}). */
    Optional<Notice> find(String event, String about) {
        return received.stream().filter(n -> n.event().equals(event))
                .filter(n -> about.equals(n.body().path("lockId").asString(""))
                        || about.equals(n.body().path("target").path("value").asString("")))
                .findFirst();
    }

    private boolean signed(String timestamp, String signature, byte[] body) {
        try {
            if (secret == null || timestamp == null || signature == null
                    || Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
                return false;
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
            return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    signature.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException | NumberFormatException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
