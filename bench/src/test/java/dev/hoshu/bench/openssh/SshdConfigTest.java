package dev.hoshu.bench.openssh;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class SshdConfigTest {

    private static String render(SshdRole role) {
        return new SshdConfig(role, 40022, Path.of("/w/key"), Path.of("/w/authorized_keys"), Path.of("/w/sshd.pid"))
                .render();
    }

    @Test
    void listensOnLoopbackOnlyAndTakesKeysOnly() {
        String config = render(SshdRole.DEVICE);
        assertTrue(config.contains("\nListenAddress 127.0.0.1\n"));
        assertFalse(config.contains("0.0.0.0"));
        assertTrue(config.contains("\nPasswordAuthentication no\n"));
        assertTrue(config.contains("\nKbdInteractiveAuthentication no\n"));
        assertTrue(config.contains("\nPermitRootLogin prohibit-password\n"));
        assertTrue(config.contains("\nUsePAM no\n"));
        assertTrue(config.contains("\nAuthorizedKeysFile /w/authorized_keys\n"));
        assertTrue(config.contains("\nPort 40022\n"));
    }

    @Test
    void onlyTheBastionRelaysTcp() {
        assertTrue(render(SshdRole.DEVICE).contains("\nAllowTcpForwarding no\n"));
        assertTrue(render(SshdRole.BASTION).contains("\nAllowTcpForwarding yes\n"));
        assertTrue(render(SshdRole.BASTION).contains("\nAllowAgentForwarding no\n"));
    }
}
