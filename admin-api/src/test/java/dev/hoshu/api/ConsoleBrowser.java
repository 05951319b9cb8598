package dev.hoshu.api;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.time.Duration;

/** A cookie-keeping HTTP client that logs in to the console through the development issuer, as a browser would. */
final class ConsoleBrowser {

    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

    final String base;
    private final boolean followRedirects;
    private final CookieManager cookies = new CookieManager();

    ConsoleBrowser(String base, boolean followRedirects) {
        this.base = base;
        this.followRedirects = followRedirects;
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                // A browser's Accept header, so the server treats these calls as page loads.
                .header("Accept", "text/html,application/xhtml+xml").GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request, headers);
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * Each request on a connection of its own (a fresh client sharing the cookies), redirects followed here as a
     * browser does (a redirected POST becomes a GET), so no test depends on keep-alive reuse between two servers.
     */
    private HttpResponse<String> send(HttpRequest.Builder request, String... headers)
            throws IOException, InterruptedException {
        HttpResponse<String> response = once(request);
        for (int hops = 0; followRedirects && hops < 10 && response.statusCode() / 100 == 3; hops++) {
            URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
            HttpRequest.Builder get = HttpRequest.newBuilder(next).header("Accept", "text/html,application/xhtml+xml").GET();
            for (int i = 0; i < headers.length; i += 2) {
                get.header(headers[i], headers[i + 1]);
            }
            response = once(get);
        }
        return response;
    }

    private HttpResponse<String> once(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The Cookie header this browser would send to the console. */
    String cookieHeader() {
        return cookies.getCookieStore().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
    }

    private URI uri(String path) {
        return URI.create(path.startsWith("http") ? path : base + path);
    }

    /** Opens the console, fills in the issuer's login form, and answers the page the console lands on. */
    HttpResponse<String> login(String user, String password) throws IOException, InterruptedException {
        return login("/console/requests", user, password);
    }

    /** As {@link #login(String, String)}, starting at another console page. */
    HttpResponse<String> login(String start, String user, String password) throws IOException, InterruptedException {
        HttpResponse<String> form = get(start);
        if (!form.uri().getPath().equals("/dev-issuer/authorize")) {
            throw new AssertionError("expected the issuer's login form, got " + form.uri() + " " + form.statusCode());
        }
        Map<String, String> fields = hiddenFields(form.body());
        fields.put("username", user);
        fields.put("password", password);
        return post("/dev-issuer/authorize", fields);
    }

    static Map<String, String> hiddenFields(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(html);
        while (m.find()) {
            fields.put(m.group(1), org.springframework.web.util.HtmlUtils.htmlUnescape(m.group(2)));
        }
        return fields;
    }

    /** The page's CSRF token, as its forms carry it. */
    static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no CSRF token on the page");
        }
        return m.group(1);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
