package dev.hoshu.cli.tools;

import dev.hoshu.tools.Pem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.PrivateKey;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The manufacturer's signing key for {@code tools sign} and {@code tools sign-package}: a PEM file, or a PKCS#12 entry. */
final class SigningKeyOptions {

    @Option(names = "--key", required = true, paramLabel = "KEY.pem", description = "PKCS#8 PEM Ed25519 private key")
    Path pemFile;

    @ArgGroup(exclusive = false)
    KeyStoreEntry keyStore;

    /** The password is read from stdin, never from the command line, where other local users could see it. */
    static final class KeyStoreEntry {

        @Option(names = "--key-store", required = true, paramLabel = "F.p12",
                description = "PKCS#12 key store holding the Ed25519 key; its password is the first line of stdin")
        Path file;

        @Option(names = "--key-alias", required = true, paramLabel = "A", description = "the key's alias in the store")
        String alias;
    }

    PrivateKey read(InputStream stdin) throws IOException {
        return pemFile != null ? Pem.readPrivateKey(pemFile) : new KeyStoreKey(keyStore.file, keyStore.alias).read(stdin);
    }
}
