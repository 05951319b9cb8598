package dev.hoshu.cli.recordings;

import dev.hoshu.cli.CliContext;
import dev.hoshu.tools.KeyIds;
import dev.hoshu.tools.Pem;
import dev.hoshu.tools.TrustedKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** The public keys a recording's seal is checked against: {@code --key}, else the ones the logged-in broker publishes. */
final class SealKeys {

    private final List<PublicKey> keys;

    private SealKeys(List<PublicKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * @param key     the {@code --key} file or folder, or {@code null}
     * @param broker  ask the broker even without a stored login (the recording comes from it anyway)
     */
    static SealKeys of(CliContext context, Path key, boolean broker) throws IOException {
        if (key != null) {
            TrustedKeys loaded = TrustedKeys.load(key);
            return new SealKeys(loaded.kids().stream().map(kid -> loaded.find(kid).orElseThrow()).toList());
        }
        if (!broker && !Files.exists(context.logins().file())) {
            return new SealKeys(List.of());
        }
        List<PublicKey> published = new ArrayList<>();
        for (JsonNode entry : context.broker().get("/recordings/keys").path("keys").values()) {
            published.add(Pem.parsePublicKey(entry.path("publicKey").asString(""), "seal key " + entry.path("id").asString("?")));
        }
        return new SealKeys(published);
    }

    Optional<PublicKey> find(String kid) {
        return keys.stream().filter(key -> KeyIds.of(key).equals(kid)).findFirst();
    }

    TrustedKeys trusted() {
        return TrustedKeys.of(keys.toArray(PublicKey[]::new));
    }
}
