package dev.hoshu.tunnel.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.tunnel.TestPki;
import dev.hoshu.tunnel.TunnelClient;
import dev.hoshu.tunnel.TunnelClientConfig;
import dev.hoshu.tunnel.TunnelServer;
import dev.hoshu.tunnel.pki.DeviceCertificates;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SshOverNettyTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final TestPki pki = TestPki.create("hoshu device CA");
    private final TestPki.Device device = pki.device("CT-01", "hosp-a");
    private final KeyPair brokerKey = DeviceCertificates.newEcKey();
    private final Deque<AutoCloseable> toClose = new ConcurrentLinkedDeque<>();
    private final CompletableFuture<ClientSession> brokerSide = new CompletableFuture<>();
    private final AtomicLong maxPendingOutbound = new AtomicLong();

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    /** The agent's SSH server: host key = device key, only the broker's key may log in. */
    private UnboundSshServer agentServer(java.security.PublicKey acceptedBrokerKey) {
        UnboundSshServer server = UnboundSshServer.setUpDefault();
        server.setKeyPairProvider(KeyPairProvider.wrap(device.keys()));
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, acceptedBrokerKey));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setCommandFactory((channel, command) -> new StreamCommand(command));
        server.start();
        toClose.addFirst(server::stop);
        return server;
    }

    private SshClient brokerClient() {
        SshClient client = SshClient.setUpDefaultClient();
        client.addPublicKeyIdentity(brokerKey);
        client.setServerKeyVerifier((session, address, key) -> false);
        client.start();
        toClose.addFirst(client::stop);
        return client;
    }

    private void connect(UnboundSshServer agent, SshClient broker) {
        TunnelServer server = new TunnelServer(pki.serverConfig(), (identity, channel) -> {
            try {
                brokerSide.complete(SshOverNetty.client(broker, channel, Duration.ofSeconds(10),
                        (session, address, key) -> KeyUtils.compareKeys(key,
                                identity.certificate().getPublicKey())));
            } catch (IOException e) {
                brokerSide.completeExceptionally(e);
            }
        }, null);
        toClose.addFirst(server);
        InetSocketAddress bound = server.start();
        TunnelClientConfig config = new TunnelClientConfig("127.0.0.1", bound.getPort(), device.keys().getPrivate(),
                device.chain(), pki.ca());
        TunnelClient client = new TunnelClient(config, channel -> {
            watchOutbound(channel);
            try {
                SshOverNetty.server(agent, channel);
            } catch (IOException e) {
                channel.close();
            }
        });
        toClose.addFirst(client);
        client.start();
    }

    /** Records how many bytes ever waited in the agent's socket buffer: flow control keeps it small. */
    private void watchOutbound(Channel channel) {
        channel.pipeline().addFirst(new ChannelDuplexHandler() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ctx.write(msg, promise);
                var buffer = ctx.channel().unsafe().outboundBuffer();
                if (buffer != null) {
                    maxPendingOutbound.accumulateAndGet(buffer.totalPendingWriteBytes(), Math::max);
                }
            }
        });
    }

    private static int exec(ClientSession session, String command, OutputStream out) throws IOException {
        try (ChannelExec exec = session.createExecChannel(command)) {
            exec.setOut(out);
            exec.setErr(OutputStream.nullOutputStream());
            exec.open().verify(WAIT.toMillis());
            exec.waitFor(EnumSet.of(ClientChannelEvent.EXIT_STATUS, ClientChannelEvent.CLOSED), WAIT.toMillis() * 3);
            return exec.getExitStatus();
        }
    }

    @Test
    void brokerRunsACommandOnTheAgentThroughTheTunnel() throws Exception {
        connect(agentServer(brokerKey.getPublic()), brokerClient());
        ClientSession session = brokerSide.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = exec(session, "hello", out);

        assertEquals(0, status);
        assertEquals("hello from the device\n", out.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(3, exec(session, "rm -rf /", OutputStream.nullOutputStream()));
    }

    @Test
    void sixtyFourMebibytesFlowWithBoundedBuffering() throws Exception {
        connect(agentServer(brokerKey.getPublic()), brokerClient());
        ClientSession session = brokerSide.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        long total = 64L * 1024 * 1024;
        PatternCheck received = new PatternCheck();

        int status = exec(session, "bytes " + total, received);

        assertEquals(0, status);
        assertEquals(total, received.count);
        assertFalse(received.corrupt, "bytes arrived out of order or altered");
        assertTrue(maxPendingOutbound.get() < 16L * 1024 * 1024,
                "agent buffered " + maxPendingOutbound.get() + " bytes: SSH window should bound it");
    }

    @Test
    void agentRefusesABrokerWithAnotherKey() {
        connect(agentServer(DeviceCertificates.newEcKey().getPublic()), brokerClient());

        var failure = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> brokerSide.get(WAIT.toSeconds(), TimeUnit.SECONDS));

        assertTrue(failure.getCause().getMessage().startsWith("SSH login to device over tunnel failed"),
                failure.getCause().getMessage());
    }

    @Test
    void serverBindsNoPort() {
        UnboundSshServer server = agentServer(brokerKey.getPublic());

        assertTrue(server.isStarted());
        assertThrows(UnsupportedOperationException.class, server::createAcceptor);
    }

    /** Counts bytes and checks them against the command's pattern without keeping them. */
    private static final class PatternCheck extends OutputStream {
        long count;
        boolean corrupt;

        @Override
        public void write(int b) {
            corrupt |= (byte) b != StreamCommand.patternByte(count);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                write(b[off + i]);
            }
        }
    }
}
