package dev.hoshu.broker.recording.archive;

import dev.hoshu.tools.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** The SHA-256 of what a store hands back, as lowercase hex, read in chunks so large recordings are never whole in memory. */
final class StreamDigest {

    private StreamDigest() {
    }

    static String sha256(InputStream in) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        byte[] buffer = new byte[64 * 1024];
        try (in) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
