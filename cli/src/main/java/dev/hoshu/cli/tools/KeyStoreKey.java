package dev.hoshu.cli.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Arrays;

/** An Ed25519 signing key kept in a manufacturer's PKCS#12 key store, opened with a password read from stdin. */
record KeyStoreKey(Path file, String alias) {

    private static final int MAX_PASSWORD = 1024;

    /** @throws IllegalArgumentException with the one line the manufacturer sees */
    PrivateKey read(InputStream stdin) throws IOException {
        char[] password = passwordFrom(stdin);
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try {
                store.load(in, password);
            } catch (IOException | GeneralSecurityException e) {
                // PKCS#12 cannot tell a wrong password from a damaged file: both fail the MAC check.
                throw new IllegalArgumentException("cannot open key store " + file.getFileName()
                        + " (wrong password, or not a PKCS#12 file)");
            }
            Key key = store.getKey(alias, password);
            if (!(key instanceof PrivateKey privateKey)) {
                throw new IllegalArgumentException("key store " + file.getFileName() + " holds no private key under "
                        + "alias '" + alias.replaceAll("\\p{Cntrl}", "?") + "'");
            }
            if (!"EdDSA".equals(privateKey.getAlgorithm()) && !"Ed25519".equals(privateKey.getAlgorithm())) {
                throw new IllegalArgumentException("key '" + alias + "' in " + file.getFileName() + " is "
                        + privateKey.getAlgorithm() + "; tools are signed with Ed25519 only");
            }
            return privateKey;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read key '" + alias + "' from " + file.getFileName() + " ("
                    + e.getClass().getSimpleName() + ")");
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static char[] passwordFrom(InputStream stdin) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        char[] buffer = new char[MAX_PASSWORD + 1];
        int length = 0;
        int c;
        while (length <= MAX_PASSWORD && (c = reader.read()) != -1 && c != '\n') {
            buffer[length++] = (char) c;
        }
        if (length > MAX_PASSWORD) {
            throw new IllegalArgumentException("the key store password on stdin is longer than 1024 characters");
        }
        if (length > 0 && buffer[length - 1] == '\r') {
            length--;
        }
        if (length == 0) {
            throw new IllegalArgumentException("--key-store needs its password as the first line of stdin");
        }
        char[] password = Arrays.copyOf(buffer, length);
        Arrays.fill(buffer, '\0');
        return password;
    }
}
