package dev.hoshu.broker.pki;

import dev.hoshu.tunnel.pki.CaPins;
import dev.hoshu.tunnel.pki.PemFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The broker's device CAs through a rotation, as files in {@code data/pki} (the phase is which files exist, so a
 * restart resumes it): {@code device-ca.*} signs device and tunnel certificates; {@code device-ca-next.*} exists
 * after {@code prepare}, {@code device-ca-previous.*} after {@code switch}; {@code finish} deletes the previous key
 * and keeps its certificate under {@code retired-device-cas/} so its devices are refused by name.
 */
public final class DeviceCas {

    static final String NEXT = "device-ca-next";
    static final String PREVIOUS = "device-ca-previous";
    static final String RETIRED_DIR = "retired-device-cas";

    private final Path pkiDir;
    private final List<String> serverNames;
    private final String nodeName;
    private final Clock clock;
    private final List<Consumer<DeviceCas>> changes = new CopyOnWriteArrayList<>();
    private volatile Snapshot now;

    /** One consistent view: which CA signs, which are trusted, what the tunnel port presents. */
    private record Snapshot(DeviceCa current, DeviceCa next, DeviceCa previous, List<X509Certificate> retired,
                            TunnelCertificate tunnel) {
    }

    DeviceCas(Path pkiDir, List<String> serverNames, String nodeName, Clock clock) throws IOException {
        this.pkiDir = pkiDir;
        this.serverNames = List.copyOf(serverNames);
        this.nodeName = nodeName;
        this.clock = clock;
        this.now = load();
    }

    /** The CA that signs device certificates (enrollment and renewal) and the tunnel server certificate now. */
    public DeviceCa issuing() {
        return now.current();
    }

    /** The tunnel server's key and chain under the issuing CA. */
    public TunnelCertificate tunnel() {
        return now.tunnel();
    }

    public RotationPhase phase() {
        Snapshot s = now;
        return s.next() != null ? RotationPhase.PREPARED : s.previous() != null ? RotationPhase.SWITCHED
                : RotationPhase.STEADY;
    }

    /** The CAs whose device certificates the tunnel port accepts, and which agents trust for the broker: issuing first. */
    public List<X509Certificate> trusted() {
        Snapshot s = now;
        return Stream.of(s.current(), s.next(), s.previous()).filter(java.util.Objects::nonNull)
                .map(DeviceCa::certificate).toList();
    }

    /** CAs a rotation retired: their devices must be enrolled again. */
    public List<X509Certificate> retired() {
        return now.retired();
    }

    /** The CA prepared to take over, during {@code PREPARED}. */
    public java.util.Optional<X509Certificate> next() {
        return java.util.Optional.ofNullable(now.next()).map(DeviceCa::certificate);
    }

    /** The CA being phased out, during {@code SWITCHED}. */
    public java.util.Optional<X509Certificate> previous() {
        return java.util.Optional.ofNullable(now.previous()).map(DeviceCa::certificate);
    }

    /** Told after every phase change, on the caller's thread (the tunnel server re-reads its TLS context). */
    public void onChange(Consumer<DeviceCas> listener) {
        changes.add(listener);
    }

    /**
     * Creates the next CA; from now on both are trusted.
     *
     * @param beforeEffect run once the step is allowed and before anything changes (the audit event); if it throws,
     *                     nothing changes
     * @throws RotationRefusedException one line, unless no rotation is under way
     */
    public synchronized X509Certificate prepare(Runnable beforeEffect) {
        requirePhase(RotationPhase.STEADY, "prepare");
        beforeEffect.run();
        String name = "Hoshu device CA " + nodeName + " "
                + Instant.now(clock).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        DeviceCa next = DeviceCa.create(pkiDir, NEXT, name);
        Snapshot s = now;
        now = new Snapshot(s.current(), next, null, s.retired(), s.tunnel());
        changed();
        return next.certificate();
    }

    /**
     * The next CA becomes the issuing one and the tunnel certificate is re-issued under it; the old one stays trusted.
     *
     * @throws RotationRefusedException one line, unless a prepared rotation is waiting
     */
    public synchronized X509Certificate switchOver(Runnable beforeEffect) {
        requirePhase(RotationPhase.PREPARED, "switch");
        beforeEffect.run();
        try {
            DeviceCa.rename(pkiDir, DeviceCa.CURRENT, PREVIOUS);
            DeviceCa.rename(pkiDir, NEXT, DeviceCa.CURRENT);
            now = load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        changed();
        return now.current().certificate();
    }

    /**
     * Retires the previous CA: its key is deleted, its certificate kept under {@code retired-device-cas/}.
     *
     * @throws RotationRefusedException one line, unless the rotation was switched
     */
    public synchronized X509Certificate finish(Runnable beforeEffect) {
        requirePhase(RotationPhase.SWITCHED, "finish");
        beforeEffect.run();
        X509Certificate old = now.previous().certificate();
        try {
            Path retiredDir = pkiDir.resolve(RETIRED_DIR);
            Files.createDirectories(retiredDir);
            PemFiles.writeCertificates(retiredDir.resolve(DeviceCa.serialOf(old) + ".crt"), List.of(old));
            // The key goes first: a retired CA must never sign again, even if the rest is interrupted.
            Files.deleteIfExists(pkiDir.resolve(PREVIOUS + ".key"));
            Files.deleteIfExists(pkiDir.resolve(PREVIOUS + ".crt"));
            now = load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        changed();
        return old;
    }

    /** The pin (base64url SHA-256 of the DER certificate) of a CA, as join tokens and {@code hoshu ca status} show it. */
    public static String pin(X509Certificate ca) {
        return CaPins.of(ca);
    }

    private void requirePhase(RotationPhase wanted, String step) {
        RotationPhase phase = phase();
        if (phase != wanted) {
            throw new RotationRefusedException("refused: ca rotate " + step + " needs the rotation phase "
                    + wanted.word() + ", but it is " + phase.word() + "; " + phase.nextStep());
        }
    }

    private void changed() {
        changes.forEach(listener -> listener.accept(this));
    }

    private Snapshot load() throws IOException {
        // A switch interrupted between its two renames: the previous CA is out, the next not yet in.
        if (!Files.exists(pkiDir.resolve(DeviceCa.CURRENT + ".crt")) && DeviceCa.load(pkiDir, NEXT).isPresent()
                && DeviceCa.load(pkiDir, PREVIOUS).isPresent()) {
            DeviceCa.rename(pkiDir, NEXT, DeviceCa.CURRENT);
        }
        boolean firstStart = !Files.exists(pkiDir.resolve(DeviceCa.CURRENT + ".crt"))
                && !Files.exists(pkiDir.resolve(DeviceCa.CURRENT + ".key"));
        DeviceCa current = DeviceCa.loadOrCreate(pkiDir, nodeName);
        DeviceCa next = DeviceCa.load(pkiDir, NEXT).orElse(null);
        DeviceCa previous = DeviceCa.load(pkiDir, PREVIOUS).orElse(null);
        if (next != null && previous != null) {
            throw new IllegalStateException(pkiDir + " holds both a next and a previous device CA; a rotation is"
                    + " damaged: keep the one the tunnel certificate is signed by and move the other away");
        }
        if (firstStart && (next != null || previous != null)) {
            throw new IllegalStateException(pkiDir + " holds a rotation's device CA but no current one");
        }
        List<X509Certificate> retired = new ArrayList<>();
        Path retiredDir = pkiDir.resolve(RETIRED_DIR);
        if (Files.isDirectory(retiredDir)) {
            try (Stream<Path> files = Files.list(retiredDir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".crt")).sorted().toList()) {
                    retired.addAll(PemFiles.readCertificates(file));
                }
            }
        }
        TunnelCertificate tunnel = TunnelCertificate.loadOrIssue(pkiDir, current, serverNames, clock);
        return new Snapshot(current, next, previous, List.copyOf(retired), tunnel);
    }
}
