package dev.hoshu.broker.reversetunnel;

import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.ssh.SshOverNetty;
import dev.hoshu.tunnel.ssh.UnboundSshServer;
import dev.hoshu.tunnel.tls.TunnelTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import java.io.IOException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;

/**
 * The broker's SSH logins over tunnels, rehearsed before the tunnel port opens: the broker's own SSH client logs in
 * again and again to a throwaway device over in-memory channels (Netty's local transport: no socket, no port). With
 * the TLS handshakes rehearsed, the logins were what a restarted broker still did slowly in a reconnect storm's
 * first seconds. The throwaway device's host key is trusted by the rehearsal's verifier alone.
 */
final class LoginRehearsal {

    private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(15);

    private LoginRehearsal() {
    }

    /**
     * What a rehearsal did.
     *
     * @param logins  SSH logins completed
     * @param took    from its start to its end
     * @param problem why it stopped early, in one line; null when it ran its course
     */
    record Result(int logins, Duration took, String problem) {
    }

    /**
     * Logs {@code client} in until {@code budget} is spent or {@code stop} answers true.
     *
     * @param brokerKey the public key the client logs in with, the only one the throwaway device accepts
     */
    static Result run(SshClient client, PublicKey brokerKey, Duration budget, BooleanSupplier stop) {
        long start = System.nanoTime();
        long end = start + budget.toNanos();
        int done = 0;
        KeyPair hostKey = DeviceCertificates.newEcKey();
        UnboundSshServer device = UnboundSshServer.setUpDefault();
        device.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        device.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        device.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, brokerKey));
        device.setPasswordAuthenticator(null);
        device.setKeyboardInteractiveAuthenticator(null);
        device.setShellFactory(null);
        device.start();
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        LocalAddress address = new LocalAddress("hoshu-login-rehearsal-" + UUID.randomUUID());
        try {
            Channel listening = new ServerBootstrap().group(loop).channel(LocalServerChannel.class)
                    .childHandler(new ChannelInitializer<LocalChannel>() {
                        @Override
                        protected void initChannel(LocalChannel accepted) {
                            accepted.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelActive(ChannelHandlerContext ctx) throws Exception {
                                    // As over a tunnel, SSH starts on a channel already active: nothing after this
                                    // sees the activation.
                                    ctx.pipeline().remove(this);
                                    SshOverNetty.server(device, ctx.channel());
                                }
                            });
                        }
                    })
                    .bind(address).syncUninterruptibly().channel();
            try {
                Bootstrap dial = new Bootstrap().group(loop).channel(LocalChannel.class)
                        .option(ChannelOption.AUTO_READ, false)
                        .handler(new ChannelInitializer<LocalChannel>() {
                            @Override
                            protected void initChannel(LocalChannel dialed) {
                                // SshOverNetty adds the SSH handler once the channel is up.
                            }
                        });
                while (System.nanoTime() < end && !stop.getAsBoolean()) {
                    Channel channel = dial.connect(address).syncUninterruptibly().channel();
                    ClientSession session = SshOverNetty.client(client, channel, LOGIN_TIMEOUT,
                            (s, remote, key) -> KeyUtils.compareKeys(key, hostKey.getPublic()));
                    session.close(true);
                    channel.close().syncUninterruptibly();
                    done++;
                }
            } finally {
                listening.close().syncUninterruptibly();
            }
            return new Result(done, Duration.ofNanos(System.nanoTime() - start), null);
        } catch (IOException | RuntimeException e) {
            return new Result(done, Duration.ofNanos(System.nanoTime() - start), TunnelTls.describe(e));
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            try {
                device.stop(true);
            } catch (IOException e) {
                // an in-memory server with no socket: nothing left open
            }
        }
    }
}
