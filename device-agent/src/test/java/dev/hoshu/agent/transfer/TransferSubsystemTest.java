package dev.hoshu.agent.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.tools.Ed25519Keys;
import dev.hoshu.tools.ManifestSigner;
import dev.hoshu.tools.PackageSignature;
import dev.hoshu.tools.Pem;
import dev.hoshu.tools.Sha256;
import dev.hoshu.tools.ToolFile;
import dev.hoshu.tools.ToolManifest;
import dev.hoshu.tools.ToolTransfer;
import dev.hoshu.tunnel.control.TransferContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpErrorDataHandler;
import org.apache.sshd.sftp.client.SftpVersionSelector;
import org.apache.sshd.sftp.client.impl.DefaultSftpClient;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's sftp subsystem over a real SSH connection, driven by MINA's SFTP client as the broker drives it. */
class TransferSubsystemTest {

    @TempDir
    Path root;

    private final KeyPair manufacturer = Ed25519Keys.generate();
    /** Another manufacturer this device also trusts, for its own tools. */
    private final KeyPair otherManufacturer = Ed25519Keys.generate();
    private SshServer server;
    private SshClient client;
    private ClientSession session;
    private Path logs;
    private Path incoming;
    private Path studies;

    @BeforeEach
    void start() throws Exception {
        Path device = Files.createDirectories(root.resolve("device"));
        logs = Files.createDirectories(device.resolve("var/log/ct"));
        incoming = Files.createDirectories(device.resolve("var/opt/ct/incoming"));
        studies = Files.createDirectories(device.resolve("srv/dicom"));
        Files.writeString(logs.resolve("error.log"), "E1001 gantry encoder retry\n");
        Files.writeString(studies.resolve("study.dcm"), "patient: YAMADA Taro\n");
        Files.writeString(root.resolve("secret.txt"), "outside\n");
        Files.createSymbolicLink(logs.resolve("escape.log"), root.resolve("secret.txt"));
        Path trusted = Files.createDirectories(root.resolve("trusted"));
        Files.writeString(trusted.resolve("m.pem"), Pem.publicKeyPem(manufacturer.getPublic()));
        Files.writeString(trusted.resolve("other.pem"), Pem.publicKeyPem(otherManufacturer.getPublic()));
        Path tools = Files.createDirectories(root.resolve("tools"));
        signedTool(tools, "logcollect", List.of(
                new ToolTransfer("logs", "var/log/ct", ToolTransfer.DOWNLOAD, false),
                new ToolTransfer("studies", "srv/dicom", ToolTransfer.DOWNLOAD, true),
                new ToolTransfer("packages", "var/opt/ct/incoming", ToolTransfer.UPLOAD, false)));
        signedTool(tools, "status", List.of());

        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
        // Test only: the agent's real server accepts nothing but the broker's pinned key.
        server.setPasswordAuthenticator((user, password, s) -> "broker".equals(user) && "test".equals(password));
        server.setSubsystemFactories(List.of(new TransferSubsystemFactory(tools, trusted, device,
                root.resolve("agent-data/transfers"))));
        server.start();
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        session = client.connect("broker", "127.0.0.1", server.getPort()).verify(Duration.ofSeconds(10)).getSession();
        session.addPasswordIdentity("test");
        session.auth().verify(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws IOException {
        client.stop();
        server.stop(true);
    }

    @Test
    void downloadsAFileOfTheGrantedToolsLogFolder() throws IOException {
        try (SftpClient sftp = sftp(new TransferContext("s-1", List.of("logcollect"), false))) {
            assertEquals("E1001 gantry encoder retry\n", read(sftp, "/logcollect/logs/error.log"));
            List<String> names = names(sftp, "/logcollect/logs");
            assertEquals(List.of("error.log"), names, "the symbolic link out of the folder is not served");
            assertFalse(names(sftp, "/logcollect").contains("studies"), "patient data needs a grant allowing it");
            // The area is the whole world: '..' climbs to its root, never to the device's files.
            assertThrows(SftpException.class, () -> read(sftp, "/logcollect/logs/../../../secret.txt"));
            assertThrows(SftpException.class, () -> read(sftp, "/logcollect/logs/escape.log"));
        }
    }

    @Test
    void patientDataFolderOnlyUnderAGrantAllowingIt() throws IOException {
        try (SftpClient sftp = sftp(new TransferContext("s-2", List.of("logcollect"), true))) {
            assertEquals("patient: YAMADA Taro\n", read(sftp, "/logcollect/studies/study.dcm"));
        }
    }

    @Test
    void unsignedPackageIsRefusedAndNothingLands() throws IOException {
        try (SftpClient sftp = sftp(new TransferContext("s-3", List.of("logcollect"), false))) {
            SftpException refused = assertThrows(SftpException.class,
                    () -> write(sftp, "/logcollect/packages/fw-2.1.tar", "firmware".getBytes()));
            assertEquals("refused: package 'fw-2.1.tar' has no signature; upload fw-2.1.tar.jws first",
                    refused.getMessage());
            write(sftp, "/logcollect/packages/fw-2.2.tar.jws",
                    PackageSignature.sign("other bytes".getBytes(), manufacturer.getPrivate()).getBytes());
            SftpException forged = assertThrows(SftpException.class,
                    () -> write(sftp, "/logcollect/packages/fw-2.2.tar", "firmware".getBytes()));
            assertTrue(forged.getMessage().contains("signature does not verify"), forged.getMessage());
        }
        try (var left = Files.list(incoming)) {
            assertEquals(List.of(), left.toList(), "nothing lands on the device");
        }
    }

    @Test
    void aPackageSignedByAnotherManufacturerDoesNotLandInThisToolsFolder() throws IOException {
        byte[] firmware = "firmware 9.9 from someone else".getBytes(StandardCharsets.UTF_8);
        try (SftpClient sftp = sftp(new TransferContext("s-5", List.of("logcollect"), false))) {
            write(sftp, "/logcollect/packages/fw-9.9.tar.jws",
                    PackageSignature.sign(firmware, otherManufacturer.getPrivate()).getBytes(StandardCharsets.US_ASCII));
            SftpException refused = assertThrows(SftpException.class,
                    () -> write(sftp, "/logcollect/packages/fw-9.9.tar", firmware));
            assertTrue(refused.getMessage().startsWith("refused: package 'fw-9.9.tar' is signed by an untrusted key"),
                    refused.getMessage());
        }
        try (var left = Files.list(incoming)) {
            assertEquals(List.of(), left.toList(), "nothing lands on the device");
        }
    }

    @Test
    void signedPackageLands() throws IOException {
        byte[] firmware = "firmware 2.1".getBytes(StandardCharsets.UTF_8);
        try (SftpClient sftp = sftp(new TransferContext("s-4", List.of("logcollect"), false))) {
            write(sftp, "/logcollect/packages/fw-2.1.tar.jws",
                    PackageSignature.sign(firmware, manufacturer.getPrivate()).getBytes(StandardCharsets.US_ASCII));
            write(sftp, "/logcollect/packages/fw-2.1.tar", firmware);
            SftpException writeToLogs = assertThrows(SftpException.class,
                    () -> write(sftp, "/logcollect/logs/x.tar", firmware));
            assertTrue(writeToLogs.getMessage().contains("download folder"), writeToLogs.getMessage());
        }
        assertArrayEquals(firmware, Files.readAllBytes(incoming.resolve("fw-2.1.tar")));
    }

    @Test
    void withoutContextOrForAToolWithoutFoldersNothingIsServed() throws IOException {
        assertThrows(IOException.class, () -> sftp(null).close());
        assertThrows(IOException.class, () -> sftp(new TransferContext("s-5", List.of("status"), false)).close());
    }

    @Test
    void aPathOutsideTheFoldersIsRefusedByNameNotAnsweredNotFound() throws IOException {
        try (SftpClient sftp = sftp(new TransferContext("s-6", List.of("logcollect", "status"), false))) {
            String why = " is outside the transfer folders of logcollect 1.0.0 (/logcollect/logs, /logcollect/packages)";
            for (String path : List.of("/etc/passwd", "/logcollect/logs/../../../../etc", "/status",
                    "/logcollect/studies/study.dcm", "/logcollect/logs/x/y")) {
                SftpException stat = assertThrows(SftpException.class, () -> sftp.stat(path), path);
                assertEquals(org.apache.sshd.sftp.common.SftpConstants.SSH_FX_PERMISSION_DENIED, stat.getStatus(), path);
                String shown = path.replace("/logcollect/logs/../../../..", "");
                assertEquals("refused: " + shown + why, stat.getMessage(), path);
            }
            SftpException list = assertThrows(SftpException.class, () -> sftp.openDir("/etc"));
            assertEquals("refused: /etc" + why, list.getMessage());
            SftpException get = assertThrows(SftpException.class, () -> read(sftp, "/etc/passwd"));
            assertEquals("refused: /etc/passwd" + why, get.getMessage());
            // Inside a folder, a missing file is still just missing, and the folders themselves can be looked at.
            SftpException missing = assertThrows(SftpException.class, () -> sftp.stat("/logcollect/logs/none.log"));
            assertEquals(org.apache.sshd.sftp.common.SftpConstants.SSH_FX_NO_SUCH_FILE, missing.getStatus());
            assertEquals(List.of("logcollect"), names(sftp, "/"));
            assertTrue(sftp.stat("/logcollect/logs/error.log").isRegularFile());
        }
    }

    @Test
    void aRevokedToolVersionOrAKeyTheHospitalDoesNotTrustClosesItsFolders() throws Exception {
        String revoked = refusalOf(new TransferContext("s-7", List.of("logcollect"), false,
                java.util.Map.of("logcollect", List.of("0.9.0", "1.0.0")), null));
        assertEquals("refused: tool 'logcollect' version 1.0.0 is revoked by the manufacturer or operator; its transfer "
                + "folders are closed (ask for a current version)", revoked);

        String untrusted = refusalOf(new TransferContext("s-8", List.of("logcollect"), false, java.util.Map.of(),
                List.of("sha256:" + "A".repeat(43))));
        assertEquals("refused: tool 'logcollect' is signed by key " + dev.hoshu.tools.KeyIds.of(manufacturer.getPublic())
                + ", which this device's hospital does not trust (hoshu tools trust); its transfer folders are closed",
                untrusted);

        // Another version revoked, and the hospital trusting this key: served as before.
        try (SftpClient sftp = sftp(new TransferContext("s-9", List.of("logcollect"), false,
                java.util.Map.of("logcollect", List.of("0.9.0")), List.of(dev.hoshu.tools.KeyIds.of(manufacturer.getPublic()))))) {
            assertEquals("E1001 gantry encoder retry\n", read(sftp, "/logcollect/logs/error.log"));
        }
    }

    /** The one line the device writes on stderr when it will not open the session's folders. */
    private String refusalOf(TransferContext context) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThrows(IOException.class, () -> new ContextClient(session, context.toJson(), err).close());
        for (int i = 0; i < 50 && !err.toString(StandardCharsets.UTF_8).endsWith("\n"); i++) {
            Thread.sleep(100);
        }
        return err.toString(StandardCharsets.UTF_8).strip();
    }

    private SftpClient sftp(TransferContext context) throws IOException {
        return new ContextClient(session, context == null ? null : context.toJson());
    }

    private static String read(SftpClient sftp, String path) throws IOException {
        try (InputStream in = sftp.read(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void write(SftpClient sftp, String path, byte[] bytes) throws IOException {
        try (OutputStream out = sftp.write(path)) {
            out.write(bytes);
        }
    }

    private static List<String> names(SftpClient sftp, String dir) throws IOException {
        List<String> names = new java.util.ArrayList<>();
        sftp.readDir(dir).forEach(entry -> {
            if (!entry.getFilename().startsWith(".")) {
                names.add(entry.getFilename());
            }
        });
        return names;
    }

    private void signedTool(Path tools, String name, List<ToolTransfer> transfers) throws IOException {
        Path dir = Files.createDirectories(tools.resolve(name));
        Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\necho ok\n");
        ToolManifest manifest = new ToolManifest(name, "1.0.0", "Example Medical", List.of("CT-X"), "run.sh",
                List.of(new ToolFile("run.sh", Sha256.hexOf(dir.resolve("run.sh")))), null, null, 60, false, false,
                "VV-1", List.of(), transfers);
        byte[] json = manifest.toJson();
        Files.write(dir.resolve("manifest.json"), json);
        Files.writeString(dir.resolve("manifest.json.jws"), ManifestSigner.sign(json, manufacturer.getPrivate()));
    }

    /** MINA's SFTP client, sending the broker's context as an environment variable before the subsystem request. */
    static final class ContextClient extends DefaultSftpClient {
        ContextClient(ClientSession session, String context) throws IOException {
            this(session, context, new ByteArrayOutputStream());
        }

        /** @param err receives what the device writes on the channel's stderr (its refusal) */
        ContextClient(ClientSession session, String context, ByteArrayOutputStream err) throws IOException {
            super(session, SftpVersionSelector.CURRENT, new Context(context, err));
        }

        @Override
        protected ChannelSubsystem createSftpChannelSubsystem(ClientSession clientSession) {
            ChannelSubsystem channel = new SftpChannelSubsystem() {
                @Override
                protected void doOpen() throws IOException {
                    sendEnvVariables(getSession());
                    super.doOpen();
                }
            };
            String context = ((Context) errorDataHandler).json;
            if (context != null) {
                channel.setEnv(TransferContext.ENV, context);
            }
            return channel;
        }

        private record Context(String json, ByteArrayOutputStream err) implements SftpErrorDataHandler {
            @Override
            public void errorData(byte[] buf, int start, int len) {
                synchronized (err) {
                    err.write(buf, start, len);
                }
            }
        }
    }
}
