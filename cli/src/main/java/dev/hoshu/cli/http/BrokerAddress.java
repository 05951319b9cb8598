package dev.hoshu.cli.http;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Checks a broker address the user typed: https (or http to this machine only), a host, and nothing
 * after the authority.
 */
public final class BrokerAddress {

    private BrokerAddress() {
    }

    /** Parses {@code text} as a broker base address, or refuses it in one line. */
    public static URI parse(String text) {
        try {
            return normalise(new URI(text.strip()));
        } catch (URISyntaxException e) {
            throw new BrokerCallFailed("refused: broker address '" + text + "' is not a URL");
        }
    }

    static URI normalise(URI uri) {
        String scheme = uri.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new BrokerCallFailed("refused: broker address '" + uri + "' must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new BrokerCallFailed("refused: broker address '" + uri + "' must be scheme://host[:port]");
        }
        if ("http".equalsIgnoreCase(scheme) && !isLoopback(uri.getHost())) {
            throw new BrokerCallFailed("refused: broker address '" + uri + "' would send passwords and tokens "
                    + "unencrypted; use https:// (plain http only for a broker on this machine)");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        if (!path.isEmpty()) {
            throw new BrokerCallFailed("refused: broker address '" + uri + "' must not have a path");
        }
        return URI.create(scheme.toLowerCase() + "://" + uri.getRawAuthority());
    }

    /** Loopback by name or literal address only: no name lookup, which could be steered elsewhere. */
    private static boolean isLoopback(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return bare.equalsIgnoreCase("localhost") || bare.equals("::1") || bare.matches("127(\\.\\d{1,3}){3}");
    }
}
