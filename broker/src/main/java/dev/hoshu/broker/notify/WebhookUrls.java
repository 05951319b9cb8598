package dev.hoshu.broker.notify;

import dev.hoshu.access.Names;
import dev.hoshu.api.service.RefusedException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Which receiver addresses a hospital may register: absolute https URLs (http only when the broker allows it, for
 * loopback demos), with a host, without credentials (they would sit in the state and the audit log) or a fragment,
 * of a sane length.
 */
final class WebhookUrls {

    static final int MAX_LENGTH = 2048;

    private WebhookUrls() {
    }

    static URI checked(String url, boolean allowPlainHttp) {
        if (url == null || url.isBlank()) {
            throw RefusedException.badRequest("refused: a webhook needs a url");
        }
        if (url.length() > MAX_LENGTH) {
            throw RefusedException.badRequest("refused: webhook url longer than " + MAX_LENGTH + " characters");
        }
        if (url.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw RefusedException.badRequest("refused: webhook url " + Names.quoted(url)
                    + " contains spaces or control characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw RefusedException.badRequest("refused: webhook url " + Names.quoted(url) + " is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && !allowPlainHttp) {
            throw RefusedException.badRequest("refused: webhook url must use https"
                    + " (plain http only with hoshu.webhooks.allow-plain-http)");
        }
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw RefusedException.badRequest("refused: webhook url must use https, not "
                    + (scheme.isEmpty() ? "no scheme" : Names.quoted(scheme)));
        }
        if (uri.getRawUserInfo() != null) {
            throw RefusedException.badRequest("refused: webhook url must not carry credentials; the signature"
                    + " authenticates the broker");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw RefusedException.badRequest("refused: webhook url " + Names.quoted(url) + " names no host");
        }
        if (uri.getRawFragment() != null) {
            throw RefusedException.badRequest("refused: webhook url must not have a fragment");
        }
        return uri;
    }
}
