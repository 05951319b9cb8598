package dev.hoshu.cli.policy;

import dev.hoshu.cli.TerminalText;
import dev.hoshu.cli.http.BrokerCallFailed;
import dev.hoshu.hospitalpolicy.HospitalPolicy;
import dev.hoshu.hospitalpolicy.PolicyFormatException;
import dev.hoshu.hospitalpolicy.PolicyYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A policy document on disk, read and checked with the broker's own loader. */
record PolicyFile(Path path, String text, HospitalPolicy policy) {

    static PolicyFile read(Path path) {
        String text;
        try {
            if (Files.size(path) > PolicyYaml.MAX_BYTES) {
                throw new BrokerCallFailed("refused: " + path + " is larger than " + PolicyYaml.MAX_BYTES + " bytes");
            }
            text = Files.readString(path);
        } catch (IOException e) {
            throw new BrokerCallFailed("refused: cannot read " + path + ": " + TerminalText.oneLine(e.getMessage()));
        }
        try {
            return new PolicyFile(path, text, PolicyYaml.parse(text));
        } catch (PolicyFormatException e) {
            throw new BrokerCallFailed("refused: " + path + " " + TerminalText.oneLine(e.getMessage()));
        }
    }
}
