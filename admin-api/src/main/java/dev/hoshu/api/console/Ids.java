package dev.hoshu.api.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Puts an id the user sent back into a redirect path, encoded, so it can never become another path or host. */
final class Ids {

    private Ids() {
    }

    static String path(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
