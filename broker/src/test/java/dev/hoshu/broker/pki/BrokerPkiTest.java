package dev.hoshu.broker.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.pki.PemFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerPkiTest {

    @TempDir
    Path data;

    private BrokerPki open(List<String> names) throws Exception {
        return BrokerPki.openOrCreate(data.resolve("pki"), names, "node-1", Clock.systemUTC());
    }

    private static Set<String> sans(X509Certificate certificate) throws Exception {
        return certificate.getSubjectAlternativeNames().stream().map(e -> String.valueOf(e.get(1)))
                .collect(Collectors.toSet());
    }

    @Test
    void firstStartCreatesEveryFileOwnerOnly() throws Exception {
        open(List.of("localhost", "127.0.0.1"));
        Path pki = data.resolve("pki");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki))).isEqualTo("rwx------");
        for (String key : List.of("device-ca.key", "tunnel.key", "user-ca.key", "broker-ssh.key", "recording-seal.key")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.resolve(key))))
                    .as(key).isEqualTo("rw-------");
        }
        assertThat(pki.resolve("device-ca.crt")).exists();
        assertThat(pki.resolve("tunnel.crt")).exists();
        assertThat(Files.readString(pki.resolve("user-ca.key"))).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
    }

    @Test
    void laterStartsReuseEveryKey() throws Exception {
        BrokerPki first = open(List.of("localhost", "127.0.0.1"));
        BrokerPki second = open(List.of("localhost", "127.0.0.1"));
        assertThat(second.deviceCa().certificate()).isEqualTo(first.deviceCa().certificate());
        assertThat(second.deviceCa().keys().getPrivate()).isEqualTo(first.deviceCa().keys().getPrivate());
        assertThat(second.tunnel().chain()).isEqualTo(first.tunnel().chain());
        assertThat(second.userCa().getPublic()).isEqualTo(first.userCa().getPublic());
        assertThat(second.brokerSsh().getPublic()).isEqualTo(first.brokerSsh().getPublic());
        assertThat(second.recordingSeal().getPublic()).isEqualTo(first.recordingSeal().getPublic());
        assertThat(second.recordingSeal().getPublic().getAlgorithm()).isIn("Ed25519", "EdDSA");
        assertThat(second.userCa().getPublic().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void tunnelCertificateNamesTheConfiguredHostsAndNodeAndChainsToTheDeviceCa() throws Exception {
        BrokerPki pki = open(List.of("localhost", "127.0.0.1", "broker.hosp-a.example"));
        X509Certificate server = pki.tunnel().chain().get(0);
        assertThat(sans(server)).containsExactlyInAnyOrder("localhost", "127.0.0.1", "broker.hosp-a.example", "node-1");
        server.verify(pki.deviceCa().certificate().getPublicKey());
        assertThat(pki.tunnel().chain().get(1)).isEqualTo(pki.deviceCa().certificate());
        assertThat(pki.deviceCa().certificate().getNotAfter().toInstant())
                .isAfter(Instant.now().plus(Duration.ofDays(3650)));
    }

    @Test
    void changedServerNamesReissueTheTunnelCertificateButKeepTheCa() throws Exception {
        BrokerPki before = open(List.of("localhost"));
        BrokerPki after = open(List.of("localhost", "10.0.0.5"));
        assertThat(after.deviceCa().certificate()).isEqualTo(before.deviceCa().certificate());
        assertThat(after.tunnel().chain().get(0)).isNotEqualTo(before.tunnel().chain().get(0));
        assertThat(sans(after.tunnel().chain().get(0))).contains("10.0.0.5");
    }

    @Test
    void expiringTunnelCertificateIsReissued() throws Exception {
        BrokerPki now = open(List.of("localhost"));
        Clock nextYear = Clock.fixed(Instant.now().plus(Duration.ofDays(360)), ZoneOffset.UTC);
        BrokerPki later = BrokerPki.openOrCreate(data.resolve("pki"), List.of("localhost"), "node-1", nextYear);
        assertThat(later.tunnel().chain().get(0)).isNotEqualTo(now.tunnel().chain().get(0));
    }

    @Test
    void aCaKeyThatDoesNotMatchItsCertificateStopsTheBroker() throws Exception {
        open(List.of("localhost"));
        PemFiles.writePrivateKey(data.resolve("pki/device-ca.key"), DeviceCertificates.newEcKey().getPrivate());
        assertThatThrownBy(() -> open(List.of("localhost")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not belong to");
    }

    @Test
    void aMissingCaCertificateIsNotSilentlyReplaced() throws Exception {
        open(List.of("localhost"));
        Files.delete(data.resolve("pki/device-ca.crt"));
        assertThatThrownBy(() -> open(List.of("localhost"))).isInstanceOf(java.io.IOException.class);
    }
}
