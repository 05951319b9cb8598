package dev.hoshu.bench.paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ClientConfigTest {

    @Test
    void pinsHostKeysAndNeverAsks() {
        String config = new ClientConfig(Path.of("/w/known_hosts"))
                .host("device", 40022, "root", Path.of("/w/id"), null, null)
                .render();
        assertTrue(config.contains("  StrictHostKeyChecking yes\n"));
        assertTrue(config.contains("  BatchMode yes\n"));
        assertTrue(config.contains("  IdentitiesOnly yes\n"));
        assertTrue(config.contains("  IdentityAgent none\n"));
        assertTrue(config.contains("  UserKnownHostsFile \"/w/known_hosts\"\n"));
        assertTrue(config.contains("  HostName 127.0.0.1\n"));
    }

    @Test
    void quotesPathsAndDisarmsPercentTokens() {
        String config = new ClientConfig(Path.of("/w/known hosts"))
                .host("hoshu", 2222, "CT-01", Path.of("/w/100%d/id"), Path.of("/w/g-1-cert.pub"), null)
                .render();
        assertTrue(config.contains("IdentityFile \"/w/100%%d/id\""), config);
        assertTrue(config.contains("UserKnownHostsFile \"/w/known hosts\""), config);
        assertTrue(config.contains("CertificateFile \"/w/g-1-cert.pub\""), config);
    }

    @Test
    void proxyJumpGoesThroughTheBastionAlias() {
        String config = new ClientConfig(Path.of("/w/kh"))
                .host("device-via-bastion", 40022, "root", Path.of("/w/id"), null, "bastion")
                .render();
        assertTrue(config.contains("Host device-via-bastion\n  HostName 127.0.0.1\n  Port 40022\n"));
        assertTrue(config.contains("  ProxyJump bastion\n"));
    }

    @Test
    void pathNamesAreParsedStrictly() {
        assertEquals(PathName.PROXYJUMP, PathName.parse(" ProxyJump "));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> PathName.parse("telnet"));
        assertEquals("unknown path 'telnet' (use direct, proxyjump or hoshu)", refused.getMessage());
    }
}
