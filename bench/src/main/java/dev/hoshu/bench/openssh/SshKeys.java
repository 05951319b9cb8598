package dev.hoshu.bench.openssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.hoshu.bench.process.ExternalCommand;

/** An Ed25519 key pair made by the system ssh-keygen, so ssh and sshd read it in their own format. */
public record SshKeys(Path privateKey) {

    private static final Duration KEYGEN_LIMIT = Duration.ofSeconds(30);

    public static SshKeys generate(Path privateKey, String comment) {
        ExternalCommand.require("ssh-keygen", List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment,
                "-f", privateKey.toString()), KEYGEN_LIMIT);
        return new SshKeys(privateKey);
    }

    public Path publicKeyFile() {
        return privateKey.resolveSibling(privateKey.getFileName() + ".pub");
    }

    /** "ssh-ed25519 AAAA…" without the comment. */
    public String publicKey() {
        try {
            String[] fields = Files.readString(publicKeyFile(), StandardCharsets.UTF_8).strip().split(" ");
            return fields[0] + " " + fields[1];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + publicKeyFile(), e);
        }
    }
}
