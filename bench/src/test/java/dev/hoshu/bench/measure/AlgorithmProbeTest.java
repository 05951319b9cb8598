package dev.hoshu.bench.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AlgorithmProbeTest {

    @Test
    void readsWhatSshSaysItNegotiated() {
        String log = """
                debug1: SSH2_MSG_KEXINIT received
                debug1: kex: algorithm: sntrup761x25519-sha512@openssh.com
                debug1: kex: host key algorithm: ssh-ed25519
                debug1: kex: server->client cipher: chacha20-poly1305@openssh.com MAC: <implicit> compression: none
                debug1: kex: client->server cipher: chacha20-poly1305@openssh.com MAC: <implicit> compression: none
                """;
        assertEquals(new Negotiated("direct", "sntrup761x25519-sha512@openssh.com", "ssh-ed25519",
                "chacha20-poly1305@openssh.com"), AlgorithmProbe.parse("direct", log));
    }

    @Test
    void namesTheMacWhenTheCipherHasNoneBuiltIn() {
        String log = "debug1: kex: server->client cipher: aes128-ctr MAC: hmac-sha2-256-etm@openssh.com compression: none\n";
        Negotiated negotiated = AlgorithmProbe.parse("hoshu", log);
        assertEquals("aes128-ctr + hmac-sha2-256-etm@openssh.com", negotiated.cipher());
        assertEquals("unknown", negotiated.kex());
    }
}
