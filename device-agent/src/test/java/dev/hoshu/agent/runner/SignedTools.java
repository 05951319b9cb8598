package dev.hoshu.agent.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;

import dev.hoshu.tools.Ed25519Keys;
import dev.hoshu.tools.ManifestSigner;
import dev.hoshu.tools.Pem;
import dev.hoshu.tools.Sha256;
import dev.hoshu.tools.ToolFile;
import dev.hoshu.tools.ToolManifest;

/** Builds tool directories the way a manufacturer ships them: a script, its manifest, a detached signature. */
final class SignedTools {

    private final Path toolsDir;
    private final Path trustedKeysDir;
    private final KeyPair manufacturer = Ed25519Keys.generate();

    SignedTools(Path root) throws IOException {
        this.toolsDir = Files.createDirectories(root.resolve("tools"));
        this.trustedKeysDir = Files.createDirectories(root.resolve("trusted"));
        Files.writeString(trustedKeysDir.resolve("manufacturer.pem"), Pem.publicKeyPem(manufacturer.getPublic()));
    }

    Path toolsDir() {
        return toolsDir;
    }

    Path trustedKeysDir() {
        return trustedKeysDir;
    }

    /** A tool {@code name} whose entrypoint {@code run.sh} is {@code script}, signed by the trusted key. */
    Path add(String name, String script, int timeLimitSeconds) throws IOException {
        return addIn(toolsDir, name, script, timeLimitSeconds, manufacturer);
    }

    /** A tool whose manifest says {@code needsTerminal}: it runs only on a pseudo-terminal. */
    Path addInteractive(String name, String script) throws IOException {
        return addIn(toolsDir, name, script, 60, manufacturer, true);
    }

    /** A tool whose manifest carries cautions the engineer must read. */
    Path addWithCautions(String name, String script, List<String> cautions) throws IOException {
        return addIn(toolsDir, name, script, 60, manufacturer, false, cautions);
    }

    /** The same, but signed by a key the device does not trust. */
    Path addSignedBy(KeyPair signer, String name, String script) throws IOException {
        return addIn(toolsDir, name, script, 60, signer);
    }

    /** A correctly signed tool outside the tools directory, the target of traversal attempts. */
    Path addOutside(String name, String script) throws IOException {
        return addIn(toolsDir.getParent(), name, script, 60, manufacturer);
    }

    private static Path addIn(Path parent, String name, String script, int timeLimitSeconds, KeyPair signer)
            throws IOException {
        return addIn(parent, name, script, timeLimitSeconds, signer, false);
    }

    private static Path addIn(Path parent, String name, String script, int timeLimitSeconds, KeyPair signer,
                              boolean needsTerminal) throws IOException {
        return addIn(parent, name, script, timeLimitSeconds, signer, needsTerminal, List.of());
    }

    private static Path addIn(Path parent, String name, String script, int timeLimitSeconds, KeyPair signer,
                              boolean needsTerminal, List<String> cautions) throws IOException {
        Path dir = Files.createDirectories(parent.resolve(name));
        Path entrypoint = dir.resolve("run.sh");
        Files.writeString(entrypoint, "#!/bin/sh\n" + script + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(entrypoint, PosixFilePermissions.fromString("rwxr-xr-x"));
        ToolManifest manifest = new ToolManifest(name, "1.0.0", "Example Medical", List.of("CT-X"), "run.sh",
                List.of(new ToolFile("run.sh", Sha256.hexOf(entrypoint))), null, timeLimitSeconds, needsTerminal, false,
                "VR-1", cautions);
        byte[] json = manifest.toJson();
        Files.write(dir.resolve("manifest.json"), json);
        Files.writeString(dir.resolve("manifest.json.jws"),
                ManifestSigner.sign(json, signer.getPrivate(), signer.getPublic()), StandardCharsets.US_ASCII);
        return dir;
    }
}
