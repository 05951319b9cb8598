package dev.hoshu.broker.notify;

import dev.hoshu.access.Names;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One signed POST of a delivery to its receiver. Redirects are not followed (the receiver was checked, its
 * redirect target was not), the answer's body is read only up to a small cap for the error line, and both the
 * connection and the answer have time limits.
 */
final class WebhookPost {

    /** Enough of a refusing receiver's answer to say why; the rest is never read. */
    static final int MAX_ANSWER_BYTES = 1024;
    private static final int MAX_ERROR_CHARS = 200;

    /** What became of one attempt: a 2xx answer, or why not. */
    record Outcome(Integer status, String error) {

        boolean delivered() {
            return error == null;
        }
    }

    private final HttpClient http;
    private final WebhookSettings settings;

    WebhookPost(WebhookSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    Outcome post(URI url, String deliveryId, String event, String secret, byte[] body, Instant now) {
        long timestamp = now.getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(settings.readTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "hoshu-webhooks/1")
                .header("Hoshu-Delivery", deliveryId)
                .header("Hoshu-Event", event)
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            byte[] answer;
            try (InputStream in = response.body()) {
                answer = in.readNBytes(MAX_ANSWER_BYTES);
            }
            if (status >= 200 && status < 300) {
                return new Outcome(status, null);
            }
            String text = new String(answer, StandardCharsets.UTF_8).strip();
            return new Outcome(status, "HTTP " + status + (text.isEmpty() ? "" : ": " + oneLine(text)));
        } catch (HttpConnectTimeoutException e) {
            return new Outcome(null, "connect timed out after " + settings.connectTimeout().toMillis() + " ms");
        } catch (HttpTimeoutException e) {
            return new Outcome(null, "no answer within " + settings.readTimeout().toMillis() + " ms");
        } catch (ConnectException e) {
            return new Outcome(null, "connection refused by " + url.getHost() + ":" + port(url));
        } catch (IOException e) {
            return new Outcome(null, oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "broker stopping");
        }
    }

    private static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    private static String oneLine(String text) {
        String line = Names.printable(text.replaceAll("\\s+", " "));
        return line.length() > MAX_ERROR_CHARS ? line.substring(0, MAX_ERROR_CHARS) + "…" : line;
    }
}
