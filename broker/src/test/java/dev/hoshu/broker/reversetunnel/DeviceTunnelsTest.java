package dev.hoshu.broker.reversetunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Set;
import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Device tunnels over real loopback Netty connections, with a MINA SSH server as the agent. */
class DeviceTunnelsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final TestDeviceAuthority authority = new TestDeviceAuthority();
    private KeyPair brokerKey;
    private DeviceTunnels tunnels;

    @BeforeEach
    void start() throws Exception {
        brokerKey = KeyPairGenerator.getInstance("EC").generateKeyPair();
        tunnels = new DeviceTunnels(brokerKey, Duration.ofSeconds(15), authority, java.time.Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        tunnels.close();
    }

    @Test
    void deviceComesOnlineAndRunsACommandOverItsTunnel() throws Exception {
        try (LoopbackDevice device = LoopbackDevice.honest("CT-01", "hosp-a", brokerKey.getPublic()).connectTo(tunnels)) {
            Eventually.waitFor("CT-01 online", WAIT, () -> tunnels.session("CT-01").isPresent());

            assertEquals(Set.of("CT-01"), tunnels.onlineDevices());
            String out = tunnels.session("CT-01").orElseThrow()
                    .executeRemoteCommand("{\"session\":\"s-1\",\"tool\":\"status\",\"args\":[]}");
            assertEquals("status: ok\n", out);
        }
    }

    @Test
    void theLoginRehearsalLogsInToAThrowawayDeviceAndLeavesNoTunnelBehind() {
        String said = tunnels.rehearse(Duration.ofMillis(1500), () -> false).orElseThrow();

        java.util.regex.Matcher logins = java.util.regex.Pattern.compile(
                "^rehearsed (\\d+) SSH logins over tunnels in memory in \\d+ ms before the tunnel port opened$")
                .matcher(said);
        assertTrue(logins.matches(), said);
        assertTrue(Integer.parseInt(logins.group(1)) > 0, said);
        assertEquals(Set.of(), tunnels.onlineDevices(), "the throwaway device never comes online");
        assertEquals(java.util.List.of(), authority.told, "nothing told to the ledger");
    }

    @Test
    void aLoginRehearsalAskedToStopEndsAtOnce() {
        String said = tunnels.rehearse(Duration.ofMinutes(5), () -> true).orElseThrow();

        assertTrue(said.startsWith("rehearsed 0 SSH logins "), said);
    }

    @Test
    void theTunnelsKeyExchangeIsTheHybridMlKemNotTheCpuHungryNtruPrime() throws Exception {
        try (LoopbackDevice device = LoopbackDevice.honest("CT-01", "hosp-a", brokerKey.getPublic()).connectTo(tunnels)) {
            Eventually.waitFor("CT-01 online", WAIT, () -> tunnels.session("CT-01").isPresent());

            // The agent's server offers MINA's defaults, sntrup761x25519 first; the broker's choice decides.
            assertEquals("mlkem768x25519-sha256", tunnels.session("CT-01").orElseThrow()
                    .getNegotiatedKexParameter(org.apache.sshd.common.kex.KexProposalOption.ALGORITHMS));
        }
    }

    @Test
    void aDeviceTheLedgerRefusesGetsNoSession() throws Exception {
        authority.refusing("CT-09");
        try (LoopbackDevice device = LoopbackDevice.honest("CT-09", "hosp-a", brokerKey.getPublic())) {
            try {
                device.connectTo(tunnels);
            } catch (IOException closed) {
                // The broker may close a refused tunnel before the device's side of SSH has even started.
                assertEquals("tunnel closed before SSH started", closed.getMessage());
            }
            Eventually.waitFor("the ledger asked", WAIT, () -> authority.told.contains("refused CT-09"));

            assertTrue(tunnels.session("CT-09").isEmpty());
            assertTrue(tunnels.live("CT-09").isEmpty());
        }
    }

    @Test
    void disconnectClosesTheTunnelAtOnce() throws Exception {
        try (LoopbackDevice device = LoopbackDevice.honest("CT-01", "hosp-a", brokerKey.getPublic()).connectTo(tunnels)) {
            Eventually.waitFor("CT-01 online", WAIT, () -> tunnels.live("CT-01").isPresent());

            assertTrue(tunnels.disconnect("CT-01", "decommissioned by tanaka"));

            Eventually.waitFor("CT-01 offline", WAIT, () -> authority.told.contains("offline CT-01"));
            assertTrue(tunnels.session("CT-01").isEmpty());
            assertFalse(tunnels.disconnect("CT-01", "again"));
        }
    }

    @Test
    void deviceGoesOfflineWhenItsTunnelDrops() throws Exception {
        try (LoopbackDevice device = LoopbackDevice.honest("CT-01", "hosp-a", brokerKey.getPublic()).connectTo(tunnels)) {
            Eventually.waitFor("CT-01 online", WAIT, () -> tunnels.session("CT-01").isPresent());
            device.disconnect();
            Eventually.waitFor("CT-01 offline", WAIT, () -> tunnels.onlineDevices().isEmpty());
            assertTrue(tunnels.session("CT-01").isEmpty());
        }
    }

    @Test
    void hostKeyOtherThanTheCertificateKeyIsRefused() throws Exception {
        try (LoopbackDevice honest = LoopbackDevice.honest("CT-02", "hosp-a", brokerKey.getPublic()).connectTo(tunnels);
             LoopbackDevice impostor = LoopbackDevice.impostor("CT-01", "hosp-a", brokerKey.getPublic())
                     .connectTo(tunnels)) {
            // The honest device is a witness that binding works; the impostor must never show up.
            Eventually.waitFor("CT-02 online", WAIT, () -> tunnels.session("CT-02").isPresent());
            Eventually.waitFor("impostor's channel closed", WAIT, () -> !impostor.isConnected());
            assertFalse(tunnels.session("CT-01").isPresent());
            assertEquals(Set.of("CT-02"), tunnels.onlineDevices());
        }
    }

    @Test
    void newerTunnelForTheSameDeviceReplacesTheOlder() throws Exception {
        try (LoopbackDevice first = LoopbackDevice.honest("CT-01", "hosp-a", brokerKey.getPublic()).connectTo(tunnels)) {
            Eventually.waitFor("CT-01 online", WAIT, () -> tunnels.session("CT-01").isPresent());
            ClientSession older = tunnels.session("CT-01").orElseThrow();
            try (LoopbackDevice second = LoopbackDevice.honest("CT-01", "hosp-a", brokerKey.getPublic())
                    .connectTo(tunnels)) {
                Eventually.waitFor("older tunnel closed", WAIT, () -> !older.isOpen());
                ClientSession newer = tunnels.session("CT-01").orElseThrow();
                assertNotSame(older, newer);
                assertEquals(Set.of("CT-01"), tunnels.onlineDevices());
            }
        }
    }

    @Test
    void aDeviceGetsOneLoginAtATimeSoItCannotTakeTheOtherDevicesSlots() throws Exception {
        try (LoopbackDevice silent = LoopbackDevice.honest("CT-07", "hosp-a", brokerKey.getPublic())
                .connectSilently(tunnels)) {
            Eventually.waitFor("the broker's login over the silent tunnel under way", WAIT,
                    () -> tunnels.loginsUnderWay().contains("CT-07"));
            try (LoopbackDevice again = silent.twin(brokerKey.getPublic()).connectSilently(tunnels)) {
                // Well before the 15 s login timeout that would close any silent tunnel in the end.
                Eventually.waitFor("the second tunnel of CT-07 closed", Duration.ofSeconds(5), () -> !again.isConnected());

                assertTrue(silent.isConnected(), "the first login still waits for its device");
            }
            try (LoopbackDevice other = LoopbackDevice.honest("CT-08", "hosp-a", brokerKey.getPublic())
                    .connectTo(tunnels)) {
                Eventually.waitFor("another device still logs in", WAIT, () -> tunnels.session("CT-08").isPresent());
            }
        }
    }

    @Test
    void theTunnelPortIsToldToWaitWhileEnoughTunnelsWaitForTheirLogin() throws Exception {
        assertEquals(java.util.Optional.empty(), tunnels.busy(), "an idle broker takes tunnels");
        java.util.List<LoopbackDevice> waiting = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < DeviceTunnels.BIND_BACKLOG; i++) {
                waiting.add(LoopbackDevice.honest(String.format("CT-%03d", i), "hosp-a", brokerKey.getPublic())
                        .connectSilently(tunnels));
            }
            Eventually.waitFor("the tunnel port told to wait", WAIT, () -> tunnels.busy().isPresent());
            assertEquals("broker busy: " + DeviceTunnels.BIND_BACKLOG + " tunnels are waiting for their SSH login; "
                    + "the agent redials after its backoff", tunnels.busy().orElseThrow());
        } finally {
            for (LoopbackDevice device : waiting) {
                device.close();
            }
        }
        Eventually.waitFor("the tunnel port taking tunnels again once they are gone", WAIT,
                () -> tunnels.busy().isEmpty());
        try (LoopbackDevice next = LoopbackDevice.honest("CT-08", "hosp-a", brokerKey.getPublic()).connectTo(tunnels)) {
            Eventually.waitFor("the next device logged in", WAIT, () -> tunnels.session("CT-08").isPresent());
        }
    }
}
