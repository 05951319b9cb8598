package dev.hoshu.cli.tools;

import dev.hoshu.tools.Ed25519Keys;
import dev.hoshu.tools.KeyIds;
import dev.hoshu.tools.PackageSignature;
import dev.hoshu.tools.ToolRefusedException;
import dev.hoshu.tools.TrustedKeys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hoshu tools sign-package}: the manufacturer's detached signature for an upload package, written beside it
 * as {@code FILE.jws}. The engineer uploads both; the device side places the package only once it verifies.
 */
@Command(name = "sign-package", mixinStandardHelpOptions = true,
        description = {"Sign an upload package (firmware, configuration) with an Ed25519 key (PEM, or PKCS#12 with the "
                + "password on stdin), writing FILE.jws beside it.",
                "The signature is then verified as the device side would verify it; exit 1 if it would be refused."})
public final class SignPackageCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    SigningKeyOptions key;

    @Parameters(index = "0", paramLabel = "FILE", description = "the package to sign")
    Path packageFile;

    @Spec
    private CommandSpec spec;

    private final InputStream stdin;

    public SignPackageCommand() {
        this(System.in);
    }

    SignPackageCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        try {
            if (!Files.isRegularFile(packageFile)) {
                throw new IllegalArgumentException("it is not a regular file");
            }
            if (Files.size(packageFile) > PackageSignature.MAX_PACKAGE_BYTES) {
                throw new IllegalArgumentException("it is larger than the " + PackageSignature.MAX_PACKAGE_BYTES
                        + " bytes a device accepts");
            }
            PrivateKey privateKey = key.read(stdin);
            PublicKey publicKey = Ed25519Keys.publicKeyOf(privateKey);
            byte[] bytes = Files.readAllBytes(packageFile);
            String signature = PackageSignature.sign(bytes, privateKey);
            String name = packageFile.getFileName().toString();
            PackageSignature.verify("package '" + name + "'", bytes, signature.getBytes(StandardCharsets.US_ASCII),
                    TrustedKeys.of(publicKey));
            Path signatureFile = packageFile.resolveSibling(name + PackageSignature.SUFFIX);
            Files.writeString(signatureFile, signature, StandardCharsets.US_ASCII);
            spec.commandLine().getOut().println("signed " + name + " with " + KeyIds.of(publicKey) + ": "
                    + signatureFile.getFileName() + " goes beside it");
            return 0;
        } catch (ToolRefusedException e) {
            spec.commandLine().getErr().println("signed, but a device would refuse it: " + e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("refused: cannot sign " + packageFile + ": " + e.getMessage());
        }
        return ToolsCommand.REFUSED;
    }
}
