package dev.hoshu.cli.login;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.hoshu.cli.http.BrokerCallFailed;

/**
 * Checks an OpenID Connect issuer or endpoint address: https, or plain http to this machine only,
 * because passwords and tokens travel to it; no user info, query or fragment (OIDC Discovery §2).
 */
public final class IdentityProviderAddress {

    static final int MAX_CHARS = 2048;

    private IdentityProviderAddress() {
    }

    /** The issuer the user typed, without a trailing slash; or a one-line refusal. */
    public static URI parseIssuer(String text) {
        if (text == null || text.isBlank() || text.length() > MAX_CHARS) {
            throw new BrokerCallFailed("refused: --issuer must be a URL of at most " + MAX_CHARS + " characters");
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new BrokerCallFailed("refused: issuer '" + text + "' is not a URL");
        }
        check(uri, "issuer", false);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority() + path);
    }

    /** An endpoint named by the provider's discovery document, held to the same rules as the issuer. */
    static URI endpoint(String text, String field) {
        return address(text, field, false);
    }

    /** A page the user is sent to ({@code verification_uri_complete} carries the code in its query). */
    static URI page(String text, String field) {
        return address(text, field, true);
    }

    private static URI address(String text, String field, boolean queryAllowed) {
        if (text == null || text.isBlank()) {
            throw new BrokerCallFailed("login refused: the identity provider's discovery document has no " + field);
        }
        try {
            URI uri = new URI(text);
            check(uri, field, queryAllowed);
            return uri;
        } catch (URISyntaxException e) {
            throw new BrokerCallFailed("login refused: the identity provider's " + field + " is not a URL");
        }
    }

    private static void check(URI uri, String what, boolean queryAllowed) {
        String scheme = uri.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new BrokerCallFailed("refused: " + what + " '" + uri + "' must start with https://");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || (!queryAllowed && uri.getRawQuery() != null)
                || uri.getRawFragment() != null) {
            throw new BrokerCallFailed("refused: " + what + " '" + uri + "' must be https://host[:port][/path] "
                    + "without user, query or fragment");
        }
        if ("http".equalsIgnoreCase(scheme) && !isLoopback(uri.getHost())) {
            throw new BrokerCallFailed("refused: " + what + " '" + uri + "' would carry passwords and tokens "
                    + "unencrypted; use https:// (plain http only on this machine)");
        }
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    }
}
