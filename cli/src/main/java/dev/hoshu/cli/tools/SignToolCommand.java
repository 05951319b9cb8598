package dev.hoshu.cli.tools;

import dev.hoshu.tools.Ed25519Keys;
import dev.hoshu.tools.KeyIds;
import dev.hoshu.tools.ManifestSigner;
import dev.hoshu.tools.Sha256;
import dev.hoshu.tools.ToolFile;
import dev.hoshu.tools.ToolManifest;
import dev.hoshu.tools.ToolRefusedException;
import dev.hoshu.tools.ToolVerifier;
import dev.hoshu.tools.TrustedKeys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hoshu tools sign}: writes {@code DIR/manifest.json.jws}, then checks the tool exactly as a device
 * would, so a manufacturer learns about a bad path or a stale hash before shipping, not on site.
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Sign DIR/manifest.json with an Ed25519 key (PEM, or PKCS#12 with the password on stdin), "
                + "writing DIR/manifest.json.jws.",
                "Without --update-hashes the manifest is signed byte for byte as written; with it, the sha256Hex of "
                        + "every listed file is recomputed and manifest.json is rewritten before signing.",
                "The result is then verified as a device would verify it; exit 1 if it would be refused."})
public final class SignToolCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    SigningKeyOptions key;

    private final InputStream stdin;

    public SignToolCommand() {
        this(System.in);
    }

    SignToolCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Option(names = "--update-hashes", description = "recompute the files' SHA-256 before signing")
    boolean updateHashes;

    @Parameters(index = "0", paramLabel = "DIR", description = "the tool directory (named like the tool)")
    Path toolDir;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        try {
            PrivateKey key = this.key.read(stdin);
            PublicKey publicKey = Ed25519Keys.publicKeyOf(key);
            Path manifestFile = toolDir.resolve(ToolVerifier.MANIFEST);
            byte[] manifest = Files.readAllBytes(manifestFile);
            if (updateHashes) {
                manifest = withCurrentHashes(ToolManifest.parse(manifest)).toJson();
                Files.write(manifestFile, manifest);
            }
            Files.writeString(toolDir.resolve(ToolVerifier.SIGNATURE), ManifestSigner.sign(manifest, key, publicKey),
                    StandardCharsets.US_ASCII);
            new ToolVerifier().verify(toolDir, TrustedKeys.of(publicKey));
            spec.commandLine().getOut().println("signed " + toolDir.getFileName() + " with " + KeyIds.of(publicKey));
            return 0;
        } catch (ToolRefusedException e) {
            spec.commandLine().getErr().println("signed, but a device would refuse it: " + e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("refused: cannot sign " + toolDir + ": " + e.getMessage());
        }
        return ToolsCommand.REFUSED;
    }

    private ToolManifest withCurrentHashes(ToolManifest manifest) throws IOException {
        Path dir = toolDir.toRealPath();
        List<ToolFile> hashed = new ArrayList<>();
        for (ToolFile file : manifest.files()) {
            Path resolved = dir.resolve(file.path()).normalize();
            if (!resolved.startsWith(dir) || !Files.isRegularFile(resolved)) {
                throw new IllegalArgumentException("file " + file.path() + " is not a regular file inside " + toolDir);
            }
            hashed.add(new ToolFile(file.path(), Sha256.hexOf(resolved)));
        }
        return manifest.withFiles(hashed);
    }
}
