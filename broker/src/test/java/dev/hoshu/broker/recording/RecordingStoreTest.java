package dev.hoshu.broker.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.recording.RecordingHeader;
import dev.hoshu.recording.RecordingVerifier;
import dev.hoshu.recording.VerificationReport;
import dev.hoshu.tools.KeyIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordingStoreTest {

    @TempDir
    Path dir;

    private KeyPair sealKey;
    private RecordingStore store;

    @BeforeEach
    void createStore() throws Exception {
        sealKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        store = new RecordingStore(dir.resolve("recordings"), sealKey, "node-1");
    }

    private RecordingHeader header(String hospital, String session) {
        return new RecordingHeader(session, "g-1", List.of("appr-1"), "eng-1", "acme", "CT-01", hospital, "node-1",
                "status", List.of("--brief"), null, store.sealKeyId());
    }

    private VerificationReport verify(Path file) throws IOException {
        return new RecordingVerifier().verify(file,
                kid -> kid.equals(KeyIds.of(sealKey.getPublic())) ? Optional.of(sealKey.getPublic()) : Optional.empty());
    }

    @Test
    void eachEventIsInTheFileWhenTheAppendReturnsAndTheSealVerifies() throws Exception {
        SessionRecording recording = store.open(header("hosp-a", "s-1"));
        Path file = dir.resolve("recordings/hosp-a/s-1.jsonl");
        recording.exec("status", List.of("--brief"));
        recording.output("all good\n".getBytes(StandardCharsets.UTF_8)).join();
        assertTrue(Files.readString(file).contains("all good"), "output must be in the file once it is durable");
        recording.stderr(new byte[] {(byte) 0xff, 0x00, 0x1b}).join();
        recording.input("y\n".getBytes(StandardCharsets.UTF_8)).join();
        recording.exit(0);
        recording.close("exit");

        VerificationReport report = verify(file);
        assertTrue(report.intact() && report.sealed(), report.message());
        assertEquals(8, Files.readAllLines(file).size());
        assertEquals(Optional.of(file), store.find("s-1"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    }

    @Test
    void anEditedRecordingNoLongerVerifies() throws Exception {
        SessionRecording recording = store.open(header("hosp-a", "s-1"));
        recording.output("reading 42\n".getBytes(StandardCharsets.UTF_8)).join();
        recording.close("exit");
        Path file = store.pathOf("hosp-a", "s-1");
        Files.writeString(file, Files.readString(file).replace("reading 42", "reading 43"));

        VerificationReport report = verify(file);
        assertEquals(2, report.firstBrokenLine(), report.message());
    }

    @Test
    void appendsAfterCloseFailSoTheCallerEndsTheSession() throws Exception {
        SessionRecording recording = store.open(header("hosp-a", "s-1"));
        recording.close("exit");
        recording.close("exit again is harmless");

        assertThrows(java.util.concurrent.CompletionException.class, () -> recording.output(new byte[] {1}).join());
        assertTrue(verify(store.pathOf("hosp-a", "s-1")).sealed());
    }

    @Test
    void aRecordingIsNeverOverwritten() throws Exception {
        store.open(header("hosp-a", "s-1")).close("exit");
        byte[] before = Files.readAllBytes(store.pathOf("hosp-a", "s-1"));

        assertThrows(FileAlreadyExistsException.class, () -> store.open(header("hosp-a", "s-1")));
        assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(store.pathOf("hosp-a", "s-1")));
    }

    @Test
    void aHeaderNamingAnotherNodeIsRefused() {
        RecordingHeader elsewhere = new RecordingHeader("s-1", "g-1", List.of(), "eng-1", "acme", "CT-01", "hosp-a",
                "node-2", "status", List.of(), null, store.sealKeyId());
        assertThrows(IllegalArgumentException.class, () -> store.open(elsewhere));
    }

    @Test
    void aHeaderNamingAnotherSealKeyIsStampedWithTheKeyThatSeals() throws Exception {
        // A seal key rotation between building the header and opening the file must not leave a header
        // naming a key that did not seal.
        RecordingHeader stale = new RecordingHeader("s-1", "g-1", List.of(), "eng-1", "acme", "CT-01", "hosp-a",
                "node-1", "status", List.of(), null, "sha256:someone-else");
        store.open(stale).close("exit");

        String header = Files.readAllLines(store.pathOf("hosp-a", "s-1")).get(0);
        assertTrue(header.contains("\"sealKey\":\"" + store.sealKeyId() + "\""), header);
        assertEquals("ok: 3 lines, chain intact, sealed by " + store.sealKeyId(),
                new RecordingVerifier().verify(store.pathOf("hosp-a", "s-1"),
                        kid -> kid.equals(store.sealKeyId()) ? Optional.of(sealKey.getPublic()) : Optional.empty())
                        .message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../hosp-b", "a/b", "/etc", "", " ", "hosp\u0000a", "hosp\na", ".hidden",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "c:\\x"})
    void hostileIdsNeverBecomePaths(String hostile) {
        assertThrows(IllegalArgumentException.class, () -> store.pathOf(hostile, "s-1"));
        assertThrows(IllegalArgumentException.class, () -> store.pathOf("hosp-a", hostile));
        assertThrows(IllegalArgumentException.class, () -> store.open(header(hostile, "s-1")));
        assertEquals(Optional.empty(), store.find(hostile));
    }

    @Test
    void findIgnoresSymlinksOutOfTheStore() throws Exception {
        Path outside = Files.writeString(dir.resolve("secret.jsonl"), "not a recording");
        Files.createDirectories(dir.resolve("recordings/hosp-a"));
        Files.createSymbolicLink(dir.resolve("recordings/hosp-a/s-9.jsonl"), outside);

        assertEquals(Optional.empty(), store.find("s-9"));
        assertEquals(Optional.empty(), store.find("s-unknown"));
    }
}
