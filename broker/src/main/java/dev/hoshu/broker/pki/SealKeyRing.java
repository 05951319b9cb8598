package dev.hoshu.broker.pki;

import dev.hoshu.tools.Ed25519Keys;
import dev.hoshu.tools.KeyIds;
import dev.hoshu.tools.Pem;
import dev.hoshu.tunnel.pki.PemFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The recording seal keys: the Ed25519 key that seals new recordings ({@code recording-seal.key}, PKCS#8 PEM) and
 * the public half of every seal key ever used ({@code recording-seal-keys.json}), so a recording sealed before a
 * rotation still verifies. A retired key's private half is gone; its public half is kept for good.
 *
 * <p>A rotation publishes the new public key before the new private key is written, so no recording can name a
 * key that is not published. A crash between the two leaves a published key that never sealed anything; the next
 * start marks it retired and carries on with the key on disk.
 */
public final class SealKeyRing {

    static final String PRIVATE_FILE = "recording-seal.key";
    static final String PUBLISHED_FILE = "recording-seal-keys.json";

    private static final Logger log = LoggerFactory.getLogger(SealKeyRing.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * One seal key as published.
     *
     * @param since   when it began to seal (for a key found on disk from before rotation existed: when first listed)
     * @param retired when a rotation replaced it, or {@code null} for the key that seals now
     */
    public record PublishedKey(String id, String publicKey, Instant since, Instant retired) {

        public PublishedKey {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(publicKey, "publicKey");
            Objects.requireNonNull(since, "since");
        }

        PublishedKey retiredAt(Instant at) {
            return retired != null ? this : new PublishedKey(id, publicKey, since, at);
        }
    }

    private final Path privateFile;
    private final Path publishedFile;
    private final Clock clock;
    private volatile KeyPair current;
    private volatile List<PublishedKey> published;

    private SealKeyRing(Path pkiDir, Clock clock) {
        this.privateFile = pkiDir.resolve(PRIVATE_FILE);
        this.publishedFile = pkiDir.resolve(PUBLISHED_FILE);
        this.clock = clock;
    }

    /**
     * Loads the current key (creating one on first start) and the published list, adding the current key to the
     * list when it is missing (a broker from before rotation, or a first start).
     */
    public static SealKeyRing openOrCreate(Path pkiDir, Clock clock) throws IOException {
        SealKeyRing ring = new SealKeyRing(pkiDir, clock);
        ring.load();
        return ring;
    }

    /** The key that seals recordings opened from now on. */
    public KeyPair current() {
        return current;
    }

    public String currentId() {
        return KeyIds.of(current.getPublic());
    }

    /** Every seal key ever used, oldest first; the last is the current one. */
    public List<PublishedKey> published() {
        return published;
    }

    /**
     * Replaces the sealing key with a new one. Recordings already open keep sealing with the key they were opened
     * with, which stays published.
     *
     * @param beforeTakingEffect is told the new key before anything is written (the audit event); if it throws,
     *                           nothing changes
     * @return the new key as published
     */
    public synchronized PublishedKey rotate(Consumer<PublishedKey> beforeTakingEffect) throws IOException {
        KeyPair next = Ed25519Keys.generate();
        Instant now = now();
        List<PublishedKey> after = new ArrayList<>();
        for (PublishedKey key : published) {
            after.add(key.retiredAt(now));
        }
        PublishedKey added = new PublishedKey(KeyIds.of(next.getPublic()), Pem.publicKeyPem(next.getPublic()), now, null);
        after.add(added);
        beforeTakingEffect.accept(added);
        writePublished(after);
        PemFiles.writeAtomically(privateFile, Pem.privateKeyPem(next.getPrivate()), true);
        published = List.copyOf(after);
        current = next;
        return added;
    }

    private void load() throws IOException {
        KeyPair key;
        if (Files.exists(privateFile)) {
            var privateKey = Pem.readPrivateKey(privateFile);
            key = new KeyPair(Ed25519Keys.publicKeyOf(privateKey), privateKey);
        } else {
            key = Ed25519Keys.generate();
        }
        String id = KeyIds.of(key.getPublic());
        List<PublishedKey> listed = Files.exists(publishedFile) ? readPublished() : List.of();
        Instant now = now();
        List<PublishedKey> repaired = new ArrayList<>();
        PublishedKey currentEntry = null;
        for (PublishedKey entry : listed) {
            if (entry.id().equals(id)) {
                // Its retirement may have been written while the new private key never was: it still seals.
                currentEntry = new PublishedKey(entry.id(), entry.publicKey(), entry.since(), null);
            } else {
                if (entry.retired() == null) {
                    log.warn("recording seal key {} was published but never took effect; marked retired", entry.id());
                }
                repaired.add(entry.retiredAt(now));
            }
        }
        // The current key goes last, so the list reads oldest first and ends with the one sealing now.
        repaired.add(currentEntry != null ? currentEntry
                : new PublishedKey(id, Pem.publicKeyPem(key.getPublic()), now, null));
        if (!repaired.equals(listed)) {
            writePublished(repaired);
        }
        if (!Files.exists(privateFile)) {
            PemFiles.writeAtomically(privateFile, Pem.privateKeyPem(key.getPrivate()), true);
        }
        published = List.copyOf(repaired);
        current = key;
    }

    private List<PublishedKey> readPublished() throws IOException {
        try {
            List<PublishedKey> keys = List.of(JSON.readValue(Files.readString(publishedFile, StandardCharsets.UTF_8),
                    PublishedKey[].class));
            for (PublishedKey key : keys) {
                PublicKey parsed = Pem.parsePublicKey(key.publicKey(), "seal key " + key.id());
                if (!KeyIds.of(parsed).equals(key.id())) {
                    throw new IOException(PUBLISHED_FILE + " lists key " + key.id() + " under the wrong id");
                }
            }
            return keys;
        } catch (JacksonException | IllegalArgumentException e) {
            // Fail closed: without the list, recordings under retired keys could no longer be verified.
            throw new IOException(PUBLISHED_FILE + " is unreadable: " + e.getMessage(), e);
        }
    }

    private void writePublished(List<PublishedKey> keys) throws IOException {
        PemFiles.writeAtomically(publishedFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(keys), false);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
