package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/bin/hoshu-backup and hoshu-restore on a node's data-dir and a fleet's keys in a real redis-server: what is
 * restored into a fresh data-dir and an empty Redis is byte for byte what was backed up, PKI files stay owner-only,
 * and every refusal is one line with exit 2 that leaves nothing written.
 */
class BackupRestoreTest {

    private static final Path BIN = HoshuSystem.ROOT.resolve("deploy/bin");
    private static final String GRANTS = "bk:{grants}:records";

    @TempDir
    Path dir;

    private RedisServer source;
    private RedisServer target;
    private Path data;

    @BeforeEach
    void aNodeWithStatePkiAndRecordingsOnRedis() throws IOException {
        source = RedisServer.start(dir.resolve("redis-source"));
        target = RedisServer.start(dir.resolve("redis-target"));
        data = dir.resolve("data");
        Files.createDirectories(data.resolve("state"));
        Files.writeString(data.resolve("state/organisations.json"), "[{\"id\":\"hosp-a\",\"name\":\"東都病院\"}]");
        Path pki = Files.createDirectories(data.resolve("pki"));
        Files.writeString(pki.resolve("user-ca.key"), "-----BEGIN PRIVATE KEY-----\n...");
        Files.setPosixFilePermissions(pki.resolve("user-ca.key"), PosixFilePermissions.fromString("rw-------"));
        byte[] recording = new byte[200_000];
        new Random(7).nextBytes(recording);
        Files.write(Files.createDirectories(data.resolve("recordings/hosp-a")).resolve("s-0123456789abcdef.rec"),
                recording);
        redis(source, "HSET", GRANTS, "g-1", "{\"id\":\"g-1\",\"reason\":\"患者 'x' $(rm -rf /)\"}", "g-2", "{}");
        redis(source, "HSET", "bk:{devices}:records", "CT-01", "{\"id\":\"CT-01\"}");
        redis(source, "SET", "other-fleet:x", "not ours");
    }

    @AfterEach
    void stop() {
        source.close();
        target.close();
    }

    @Test
    void aBackupRestoredIntoAFreshNodeAndAnEmptyRedisHoldsEverything() throws IOException {
        Path archive = dir.resolve("hoshu.tar.gz");
        RunResult backup = run("hoshu-backup", "--data-dir", data.toString(), "--out", archive.toString(),
                "--redis", source.address(), "--key-prefix", "bk");
        assertEquals(0, backup.exitCode(), backup::all);
        assertTrue(backup.stdout().contains("key prefix bk"), backup::all);

        Path fresh = dir.resolve("fresh");
        RunResult restore = run("hoshu-restore", "--from", archive.toString(), "--data-dir", fresh.toString(),
                "--redis", target.address());

        assertEquals(0, restore.exitCode(), restore::all);
        assertEquals("hoshu-restore: " + fresh + " restored, 2 Redis keys under bk:", restore.stdout().strip());
        for (String file : List.of("state/organisations.json", "pki/user-ca.key",
                "recordings/hosp-a/s-0123456789abcdef.rec")) {
            assertArrayEquals(Files.readAllBytes(data.resolve(file)), Files.readAllBytes(fresh.resolve(file)), file);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                fresh.resolve("pki/user-ca.key"))));
        assertEquals(redis(source, "HGETALL", GRANTS), redis(target, "HGETALL", GRANTS));
        assertEquals("{\"id\":\"CT-01\"}", redis(target, "HGET", "bk:{devices}:records", "CT-01").strip());
        assertEquals("", redis(target, "KEYS", "other-fleet:*").strip(), "another fleet's keys stay out");
    }

    @Test
    void refusalsAreOneLineAndWriteNothing() throws IOException {
        Path archive = dir.resolve("hoshu.tar.gz");
        assertEquals(0, run("hoshu-backup", "--data-dir", data.toString(), "--out", archive.toString(),
                "--redis", source.address(), "--key-prefix", "bk").exitCode());

        refused(run("hoshu-backup", "--data-dir", data.toString(), "--out", archive.toString()),
                "hoshu-backup: refused: " + archive + " exists; a backup never overwrites one");
        refused(run("hoshu-backup", "--data-dir", dir.toString(), "--out", dir.resolve("x.tgz").toString()),
                "hoshu-backup: refused: " + dir + " is not a broker data-dir (no state/ and pki/)");
        refused(run("hoshu-backup", "--data-dir", data.toString(), "--out", dir.resolve("y.tgz").toString(),
                "--key-prefix", "bk;rm -rf /"), "hoshu-backup: refused: --key-prefix must be 1 to 40 letters, digits or -");
        assertFalse(Files.exists(dir.resolve("x.tgz")) || Files.exists(dir.resolve("y.tgz")));
        refused(run("hoshu-restore", "--from", archive.toString(), "--data-dir", data.toString()),
                "hoshu-restore: refused: " + data + " is not empty; restore into a fresh data-dir");
        redis(target, "SET", "bk:{locks}:records", "x");
        refused(run("hoshu-restore", "--from", archive.toString(), "--data-dir", dir.resolve("a").toString(),
                "--redis", target.address()),
                "hoshu-restore: refused: Redis " + target.address() + " already holds keys under bk:; restore into an empty one");
        assertFalse(Files.exists(dir.resolve("a")));

        // A forged archive: a path out of the work folder.
        Path forged = dir.resolve("forged.tar.gz");
        Files.writeString(dir.resolve("MANIFEST"), "hoshu-backup 1\n");
        Commands.run(List.of("tar", "-czf", forged.toString(), "-C", dir.toString(), "MANIFEST", "--transform",
                "s,^MANIFEST,../../etc/evil,"), Map.of(), null, dir);
        refused(run("hoshu-restore", "--from", forged.toString(), "--data-dir", dir.resolve("b").toString()),
                "hoshu-restore: refused: " + forged + " holds files a hoshu-backup archive does not");
        // A damaged one.
        byte[] bytes = Files.readAllBytes(archive);
        Path damaged = dir.resolve("damaged.tar.gz");
        Files.write(damaged, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        refused(run("hoshu-restore", "--from", damaged.toString(), "--data-dir", dir.resolve("c").toString()),
                "hoshu-restore: refused: " + damaged + " is damaged or not a tar.gz archive");
        assertFalse(Files.exists(dir.resolve("b")) || Files.exists(dir.resolve("c")));
    }

    private static void refused(RunResult result, String line) {
        assertEquals(2, result.exitCode(), result::all);
        assertEquals(line, result.stderr().strip(), result::all);
    }

    private RunResult run(String script, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(BIN.resolve(script).toString()));
        command.addAll(List.of(args));
        return Commands.run(command, Map.of(), null, dir);
    }

    private String redis(RedisServer server, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("redis-cli", "-p", String.valueOf(server.port)));
        command.addAll(List.of(args));
        RunResult result = Commands.run(command, Map.of(), null, dir);
        assertEquals(0, result.exitCode(), result::all);
        return new String(result.stdout().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
