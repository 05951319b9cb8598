package dev.hoshu.cli.http;

import java.net.URI;
import java.net.URISyntaxException;

/** Checks a broker address the user typed: http or https, a host, and nothing after the authority. */
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
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        if (!path.isEmpty()) {
            throw new BrokerCallFailed("refused: broker address '" + uri + "' must not have a path");
        }
        return URI.create(scheme.toLowerCase() + "://" + uri.getRawAuthority());
    }
}
