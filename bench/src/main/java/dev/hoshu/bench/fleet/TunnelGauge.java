package dev.hoshu.bench.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.hoshu.bench.process.PathFailure;

/** A node's {@code hoshu_tunnels_connected} gauge, read from {@code /actuator/prometheus} on loopback as a scraper would. */
final class TunnelGauge {

    private static final Pattern TUNNELS = Pattern.compile("(?m)^hoshu_tunnels_connected(\\{[^}]*})? ([0-9.]+)$");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TunnelGauge() {
    }

    static int read(FleetNode node) {
        HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort()
                + "/actuator/prometheus")).timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> answer = HTTP.send(scrape, HttpResponse.BodyHandlers.ofString());
            Matcher gauge = TUNNELS.matcher(answer.body());
            if (answer.statusCode() != 200 || !gauge.find()) {
                throw new PathFailure("fleet: " + node.name() + "'s /actuator/prometheus answered "
                        + answer.statusCode() + " without hoshu_tunnels_connected");
            }
            return (int) Double.parseDouble(gauge.group(2));
        } catch (IOException e) {
            throw new PathFailure("fleet: cannot scrape " + node.name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PathFailure("fleet: interrupted while scraping " + node.name());
        }
    }
}
