package dev.hoshu.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** The manufacturers' public keys a device or broker accepts tool signatures from, by key id. */
public final class TrustedKeys {

    private final Map<String, PublicKey> byKid;

    private TrustedKeys(Map<String, PublicKey> byKid) {
        this.byKid = Map.copyOf(byKid);
    }

    public static TrustedKeys of(PublicKey... keys) {
        Map<String, PublicKey> byKid = new LinkedHashMap<>();
        Arrays.stream(keys).forEach(k -> byKid.put(KeyIds.of(k), k));
        return new TrustedKeys(byKid);
    }

    /**
     * Every {@code *.pem} holding a {@code PUBLIC KEY} in {@code dir} (or the one file, if {@code dir} is a
     * file). A {@code .pem} that claims to be a public key but does not parse fails the whole load:
     * a silently dropped key would surface later as a confusing "untrusted" refusal.
     */
    public static TrustedKeys load(Path dir) throws IOException {
        if (Files.isRegularFile(dir)) {
            return of(Pem.readPublicKey(dir));
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException("no trusted key directory or file at " + dir);
        }
        Map<String, PublicKey> byKid = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(".pem")).sorted().toList()) {
                if (Files.isRegularFile(file)
                        && Pem.holds(Files.readString(file, StandardCharsets.US_ASCII), "PUBLIC KEY")) {
                    PublicKey key = Pem.readPublicKey(file);
                    byKid.put(KeyIds.of(key), key);
                }
            }
        }
        return new TrustedKeys(byKid);
    }

    public Optional<PublicKey> find(String kid) {
        return Optional.ofNullable(kid).map(byKid::get);
    }

    public Set<String> kids() {
        return byKid.keySet();
    }
}
