package dev.hoshu.cli.tools;

import dev.hoshu.tools.Ed25519Keys;
import dev.hoshu.tools.KeyIds;
import dev.hoshu.tools.Pem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hoshu tools keygen}: a manufacturer's Ed25519 signing key pair. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Create an Ed25519 tool-signing key pair: PREFIX.key (PKCS#8 PEM, owner-only) and "
                + "PREFIX.pub.pem (give this one to hospitals and agents). Existing files are never overwritten."})
public final class KeygenCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "PREFIX", description = "path prefix of the two files")
    Path prefix;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Path privateFile = Path.of(prefix + ".key");
        Path publicFile = Path.of(prefix + ".pub.pem");
        KeyPair pair = Ed25519Keys.generate();
        try {
            if (Files.exists(publicFile)) {
                throw new FileAlreadyExistsException(publicFile.toString());
            }
            if (privateFile.toAbsolutePath().getParent() != null) {
                Files.createDirectories(privateFile.toAbsolutePath().getParent());
            }
            writeOwnerOnly(privateFile, Pem.privateKeyPem(pair.getPrivate()));
            Files.writeString(publicFile, Pem.publicKeyPem(pair.getPublic()), StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE_NEW);
        } catch (FileAlreadyExistsException e) {
            spec.commandLine().getErr().println("refused: " + e.getFile() + " exists; keys are never overwritten");
            return ToolsCommand.REFUSED;
        } catch (IOException e) {
            spec.commandLine().getErr().println("failed: cannot write keys at " + prefix + " (" + e.getMessage() + ")");
            return ToolsCommand.REFUSED;
        }
        spec.commandLine().getOut().println("wrote " + privateFile + " (keep secret) and " + publicFile + " (key id "
                + KeyIds.of(pair.getPublic()) + ")");
        return 0;
    }

    /** The private key is created owner-only from the start, so it is never briefly readable by others. */
    private static void writeOwnerOnly(Path file, String pem) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, pem, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
