package dev.hoshu.cli.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hoshu.recording.RecordingChain;
import dev.hoshu.recording.RecordingHeader;
import dev.hoshu.tools.Ed25519Keys;
import dev.hoshu.tools.KeyIds;
import dev.hoshu.tools.Pem;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.HoshuCommand;
import java.io.InputStream;
import java.time.Clock;

class RecordingsCommandTest {

    private static final KeyPair SEAL = Ed25519Keys.generate();
    private static final String KID = KeyIds.of(SEAL.getPublic());

    @TempDir
    Path dir;

    private Path keyFile;
    private Path recording;
    private List<String> lines;

    @BeforeEach
    void sealedRecording() throws Exception {
        keyFile = Files.writeString(dir.resolve("seal.pem"), Pem.publicKeyPem(SEAL.getPublic()));
        RecordingChain chain = new RecordingChain(new RecordingHeader("s-1", "g-1", List.of("app-1"), "eng-1", "acme",
                "CT-01", "hosp-a", "broker-1", "status", List.of(), 12L, KID), Instant.parse("2026-11-21T00:00:00Z"));
        lines = new ArrayList<>(List.of(chain.headerLine(), chain.exec("status", List.of(), 0),
                chain.output("ok\n".getBytes(StandardCharsets.UTF_8), 5), chain.exit(0, 9), chain.end("exit", 10),
                chain.seal(SEAL.getPrivate(), 11)));
        recording = dir.resolve("s-1.jsonl");
        write(lines);
    }

    private void write(List<String> content) throws Exception {
        Files.write(recording, content, StandardCharsets.UTF_8);
    }

    private String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] command = new String[args.length + 1];
        command[0] = "recordings";
        System.arraycopy(args, 0, command, 1, args.length);
        CliContext context = new CliContext(dir.resolve("home"), Clock.systemUTC(), CliContext.HOSPITAL_ZONE,
                InputStream.nullInputStream(), new PrintWriter(out, true), new PrintWriter(err, true),
                CliContext.defaultHttpClient(), "ssh", "ssh-keygen");
        int status = HoshuCommand.run(context, command);
        return new String[] {String.valueOf(status), out.toString().strip(), err.toString().strip()};
    }

    @Test
    void intactAndSealedExitsZero() {
        String[] result = run("verify", recording.toString(), "--key", keyFile.toString());
        assertEquals("0", result[0]);
        assertEquals("ok: 6 lines, chain intact, sealed by " + KID, result[1]);
    }

    @Test
    void editedLineExitsOneNamingTheLine() throws Exception {
        lines.set(2, lines.get(2).replace("ok", "OK"));
        write(lines);
        String[] result = run("verify", recording.toString(), "--key", keyFile.toString());
        assertEquals("1", result[0]);
        assertEquals("broken at line 3: hash does not match (edited, inserted or reordered)", result[1]);
    }

    @Test
    void truncatedRecordingExitsTwo() throws Exception {
        write(lines.subList(0, 4));
        String[] result = run("verify", recording.toString(), "--key", keyFile.toString());
        assertEquals("2", result[0]);
        assertEquals("intact up to line 4, not sealed (broker stopped before the end)", result[1]);
    }

    @Test
    void withoutKeyTheSealIsNotCheckedAndExitsTwo() {
        String[] result = run("verify", recording.toString());
        assertEquals("2", result[0]);
        assertEquals("intact: 6 lines, but seal key " + KID + " is not known, so the seal was not checked", result[1]);
    }

    @Test
    void sealKeyOfAnotherBrokerDoesNotCountAsSealed() throws Exception {
        Path other = Files.writeString(dir.resolve("other.pem"), Pem.publicKeyPem(Ed25519Keys.generate().getPublic()));
        assertEquals("2", run("verify", recording.toString(), "--key", other.toString())[0]);
    }

    @Test
    void missingFileIsOneLine() {
        String[] result = run("verify", dir.resolve("nope.jsonl").toString(), "--key", keyFile.toString());
        assertEquals("1", result[0]);
        assertEquals("failed: no such file " + dir.resolve("nope.jsonl"), result[2]);
    }

    @Test
    void binaryGarbageIsBrokenAtLineOne() throws Exception {
        Files.write(recording, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, '\n'});
        String[] result = run("verify", recording.toString(), "--key", keyFile.toString());
        assertEquals("1", result[0]);
        assertEquals("broken at line 1: not UTF-8", result[1]);
    }
}
