package dev.hoshu.agent.enroll;

import dev.hoshu.tunnel.pki.PemFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Properties;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * The agent's data directory: {@code device.key} (0600), {@code device.crt} (chain),
 * {@code ca.crt} (the broker's device CAs it trusts: the one pinned at enrollment, two during a rotation; 0600),
 * {@code broker-ssh.pub} and {@code agent.properties}.
 */
public record AgentData(Path dir) {

    private static final int MAX_SMALL_FILE = 16 * 1024;

    public Path key() {
        return dir.resolve("device.key");
    }

    public Path certificates() {
        return dir.resolve("device.crt");
    }

    public Path ca() {
        return dir.resolve("ca.crt");
    }

    public Path brokerSshKey() {
        return dir.resolve("broker-ssh.pub");
    }

    public Path properties() {
        return dir.resolve("agent.properties");
    }

    /** Writes the identity; the directory is created owner-only because it holds the device key. */
    public void save(EnrolledDevice device, String brokerSshKeyLine) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        PemFiles.writePrivateKey(key(), device.key());
        PemFiles.writeCertificates(certificates(), device.chain());
        PemFiles.writeAtomically(ca(), PemFiles.toPem(device.trustedCas()), true);
        PemFiles.writeAtomically(brokerSshKey(), brokerSshKeyLine.strip() + "\n", false);
        Properties properties = new Properties();
        properties.setProperty("deviceId", device.deviceId());
        properties.setProperty("hospital", device.hospital());
        properties.setProperty("broker", device.broker().toString());
        StringWriter text = new StringWriter();
        properties.store(text, "written by device-agent enroll");
        PemFiles.writeAtomically(properties(), text.toString(), false);
    }

    /** @throws IOException one line naming the file that is missing or wrong */
    public EnrolledDevice load() throws IOException {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(readSmall(properties())));
        } catch (NoSuchFileException e) {
            throw new IOException("not enrolled: " + properties() + " is missing; run device-agent enroll first");
        }
        String deviceId = required(properties, "deviceId");
        String hospital = required(properties, "hospital");
        BrokerAddress broker;
        try {
            broker = BrokerAddress.parse(required(properties, "broker"));
            List<X509Certificate> chain = PemFiles.readCertificates(certificates());
            List<X509Certificate> trusted = PemFiles.readCertificates(ca());
            return new EnrolledDevice(deviceId, hospital, broker, PemFiles.readPrivateKey(key()), chain, trusted,
                    parseSshKey(readSmall(brokerSshKey())));
        } catch (IllegalArgumentException e) {
            throw new IOException("enrolled identity in " + dir + " is damaged: " + e.getMessage());
        }
    }

    /** @throws IllegalArgumentException if the line is not one OpenSSH public key */
    public static PublicKey parseSshKey(String line) {
        try {
            return PublicKeyEntry.parsePublicKeyEntry(line.strip())
                    .resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an OpenSSH public key line");
        }
    }

    private String required(Properties properties, String name) throws IOException {
        String value = properties.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IOException(properties() + " has no " + name);
        }
        return value.strip();
    }

    private static String readSmall(Path file) throws IOException {
        if (Files.size(file) > MAX_SMALL_FILE) {
            throw new IOException(file + " is larger than " + MAX_SMALL_FILE + " bytes");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
