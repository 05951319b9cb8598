package dev.hoshu.tools;

import dev.hoshu.access.Names;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The manufacturer key ids a hospital's devices run tools from. A hospital that never listed any leaves the
 * choice to each device's own trusted keys; once it lists keys, a tool signed by any other key is refused, and
 * removing the last key means no tool runs (fail closed), not "any key".
 */
public record HospitalKeyTrust(String hospital, List<String> keyIds, String updatedBy, Instant updatedAt) {

    private static final Pattern KEY_ID = Pattern.compile("sha256:[A-Za-z0-9_-]{43}");
    static final int MAX_KEYS = 64;

    public HospitalKeyTrust {
        keyIds = List.copyOf(keyIds);
    }

    /** @throws IllegalArgumentException with the one line the admin sees */
    public static String checkedKeyId(String keyId) {
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("refused: " + Names.quoted(keyId) + " is not a key id (sha256:… as "
                    + "hoshu tools keygen and hoshu tools catalog show it)");
        }
        return keyId;
    }

    public boolean trusts(String keyId) {
        return keyIds.contains(keyId);
    }

    public HospitalKeyTrust with(String keyId, String by, Instant at) {
        List<String> more = new ArrayList<>(keyIds);
        if (!more.contains(keyId)) {
            if (more.size() >= MAX_KEYS) {
                throw new IllegalArgumentException("refused: a hospital trusts at most " + MAX_KEYS + " keys");
            }
            more.add(keyId);
        }
        return new HospitalKeyTrust(hospital, more, by, at);
    }

    public HospitalKeyTrust without(String keyId, String by, Instant at) {
        if (!keyIds.contains(keyId)) {
            throw new IllegalArgumentException("refused: " + hospital + " does not trust " + keyId);
        }
        List<String> fewer = new ArrayList<>(keyIds);
        fewer.remove(keyId);
        return new HospitalKeyTrust(hospital, fewer, by, at);
    }
}
