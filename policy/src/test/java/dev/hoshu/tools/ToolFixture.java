package dev.hoshu.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

/** A small signed tool on disk, the way a manufacturer would ship it. */
final class ToolFixture {

    static final byte[] SCRIPT = "#!/bin/sh\necho ok\n".getBytes(StandardCharsets.UTF_8);

    private ToolFixture() {
    }

    static ToolManifest manifest(String name, List<ToolFile> files) {
        return new ToolManifest(name, "1.0.0", "Acme Medical", List.of("CT-9000"), "bin/" + name, files, null, 60,
                false, false, "VR-2026-001", List.of("read-only"));
    }

    /** Writes {@code root/name} with one script and signs its manifest listing {@code files}. */
    static Path write(Path root, String name, KeyPair signer, List<ToolFile> files) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.createDirectories(dir.resolve("bin"));
        Files.write(dir.resolve("bin/" + name), SCRIPT);
        sign(dir, manifest(name, files).toJson(), signer);
        return dir;
    }

    static Path write(Path root, String name, KeyPair signer) throws IOException {
        return write(root, name, signer, List.of(new ToolFile("bin/" + name, Sha256.hex(SCRIPT))));
    }

    static void sign(Path dir, byte[] manifest, KeyPair signer) throws IOException {
        Files.write(dir.resolve(ToolVerifier.MANIFEST), manifest);
        Files.writeString(dir.resolve(ToolVerifier.SIGNATURE), ManifestSigner.sign(manifest, signer.getPrivate()));
    }
}
