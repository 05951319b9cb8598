package dev.hoshu.broker.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.access.Category;
import dev.hoshu.access.Grant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshUserCaTest {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    Path dir;

    private static Grant grant(Instant notAfter) {
        return new Grant("g-abcdefghij", "r-1", "sato", "medserve", "hosp-a", "CT-01", Category.MONITOR,
                List.of("status"), NOW, notAfter, List.of("tanaka"), null, null, false, false, false);
    }

    /** Made by MINA, as a key parsed from the engineer's OpenSSH line would be. */
    private static KeyPair ed25519() throws Exception {
        return org.apache.sshd.common.config.keys.KeyUtils.generateKeyPair("ssh-ed25519", 256);
    }

    private SshUserCa ca() throws Exception {
        KeyPair keys = SshKeyFiles.loadOrCreate(dir.resolve("user-ca.key"), "test-ca");
        return new SshUserCa(keys, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static OpenSshCertificate parse(String line) throws Exception {
        PublicKey key = PublicKeyEntry.parsePublicKeyEntry(line)
                .resolvePublicKey(null, java.util.Map.of(), PublicKeyEntryResolver.FAILING);
        assertThat(key).isInstanceOf(OpenSshCertificate.class);
        return (OpenSshCertificate) key;
    }

    @Test
    void certificateCarriesGrantIdDevicePrincipalAndGrantEnd() throws Exception {
        SshUserCa ca = ca();
        KeyPair engineer = ed25519();
        Instant end = NOW.plusSeconds(1800);
        String line = ca.issue(grant(end), engineer.getPublic());

        assertThat(line).startsWith("ssh-ed25519-cert-v01@openssh.com ").doesNotContain("\n");
        OpenSshCertificate cert = parse(line);
        assertThat(cert.getType()).isEqualTo(OpenSshCertificate.Type.USER);
        assertThat(cert.getId()).isEqualTo("g-abcdefghij");
        assertThat(cert.getPrincipals()).containsExactly("CT-01");
        assertThat(cert.getValidBefore()).isEqualTo(end.getEpochSecond());
        assertThat(cert.getValidAfter()).isEqualTo(NOW.minus(SshUserCa.BACKDATE).getEpochSecond());
        assertThat(cert.getCaPubKey()).isEqualTo(ca.publicKey());
        assertThat(cert.getCertPubKey()).isEqualTo(engineer.getPublic());
        assertThat(cert.getExtensionsMap()).containsOnlyKeys("permit-pty");
        assertThat(cert.getCriticalOptions()).isEmpty();
        assertThat(cert.getSerial()).isPositive();
    }

    @Test
    void serialsDiffer() throws Exception {
        SshUserCa ca = ca();
        KeyPair engineer = ed25519();
        long a = parse(ca.issue(grant(NOW.plusSeconds(60)), engineer.getPublic())).getSerial();
        long b = parse(ca.issue(grant(NOW.plusSeconds(60)), engineer.getPublic())).getSerial();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void openSshAgreesWithTheCertificate() throws Exception {
        SshUserCa ca = ca();
        String line = ca.issue(grant(NOW.plusSeconds(1800)), ed25519().getPublic());
        Path cert = dir.resolve("id-cert.pub");
        Files.writeString(cert, line + "\n");
        Process keygen = new ProcessBuilder("ssh-keygen", "-L", "-f", cert.toString()).redirectErrorStream(true).start();
        assertThat(keygen.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(keygen.getInputStream().readAllBytes());
        assertThat(keygen.exitValue()).as(out).isZero();
        assertThat(out).contains("Type: ssh-ed25519-cert-v01@openssh.com user certificate")
                .contains("Key ID: \"g-abcdefghij\"")
                .contains("CT-01")
                .contains("permit-pty")
                .doesNotContain("permit-port-forwarding")
                .doesNotContain("permit-agent-forwarding")
                .doesNotContain("permit-X11-forwarding");
    }

    @Test
    void anEndedGrantGetsNoCertificate() throws Exception {
        SshUserCa ca = ca();
        assertThatThrownBy(() -> ca.issue(grant(NOW), ed25519().getPublic()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("g-abcdefghij has ended");
    }

    @Test
    void theCaKeyIsReusedAcrossRestarts() throws Exception {
        assertThat(ca().publicKey()).isEqualTo(ca().publicKey());
    }
}
