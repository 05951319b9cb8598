package dev.hoshu.cli.http;

import java.util.regex.Pattern;

import dev.hoshu.access.Names;

/**
 * Ids of requests, grants, sessions and devices as the user types them. They end up in URL paths,
 * file names and the SSH login name, so anything beyond letters, digits, '.', '_' and '-' is
 * refused before it is used, and an id never starts with '-' (it would read as an option).
 */
public final class ResourceId {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

    private ResourceId() {
    }

    /** {@code value} if it is a well-formed request, grant or session id; otherwise a one-line refusal. */
    public static String require(String kind, String value) {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new BrokerCallFailed("refused: '" + value + "' is not a valid " + kind + " id");
        }
        return value;
    }

    /** Device ids as policy defines them; they become the SSH login name. */
    public static String requireDevice(String value) {
        if (!Names.isDeviceId(value)) {
            throw new BrokerCallFailed("refused: '" + value + "' is not a valid device id");
        }
        return value;
    }
}
