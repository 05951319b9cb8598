package dev.hoshu.tunnel.ssh;

import io.netty.channel.Channel;
import java.io.IOException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.session.helpers.AbstractSession;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;

/**
 * Runs SSH-2 over a Netty channel that is already connected and secured: the broker is the SSH
 * client, the agent the SSH server, whichever side dialed. The channel's pipeline must end with
 * the TLS handler (and optionally {@link InboundHold}); the SSH handler is added last.
 */
public final class SshOverNetty {

    /** The user name the broker logs in as; the agent authenticates the key, not the name. */
    public static final String BROKER_USER = "hoshu-broker";

    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);

    private SshOverNetty() {
    }

    /** Broker side, with the client's own server key verifier. */
    public static ClientSession client(SshClient client, Channel channel, Duration authTimeout) throws IOException {
        return client(client, channel, authTimeout, null);
    }

    /**
     * Broker side: starts a client session on the channel and waits for key exchange and public
     * key authentication with the client's configured identities.
     *
     * @param hostKeyCheck checks this device's host key (null: the client's verifier); installed
     *                     before the first byte from the device is read
     * @throws IOException with a one-line reason; the channel is closed
     */
    public static ClientSession client(SshClient client, Channel channel, Duration authTimeout,
            ServerKeyVerifier hostKeyCheck) throws IOException {
        if (!client.isStarted()) {
            throw new IllegalStateException("start the SshClient before binding it to a tunnel");
        }
        refuseEventLoop(channel);
        Iterable<?> identities = identities(client);
        ClientSession session = (ClientSession) bind(channel, client.getSessionFactory(), created -> {
            ClientSession s = (ClientSession) created;
            s.setUsername(BROKER_USER);
            if (hostKeyCheck != null) {
                s.setServerKeyVerifier(hostKeyCheck);
            }
            for (Object identity : identities) {
                if (identity instanceof KeyPair keys) {
                    s.addPublicKeyIdentity(keys);
                }
            }
        });
        try {
            session.auth().verify(authTimeout.toMillis());
            return session;
        } catch (IOException e) {
            session.close(true);
            channel.close();
            throw new IOException("SSH login to device over tunnel failed: " + oneLine(e), e);
        }
    }

    /**
     * Agent side: serves one SSH session on the channel. The server must be an
     * {@link UnboundSshServer} that was started (which binds nothing).
     */
    public static ServerSession server(SshServer server, Channel channel) throws IOException {
        if (!(server instanceof UnboundSshServer unbound)) {
            throw new IllegalArgumentException("use an UnboundSshServer: a plain SshServer would listen on a port");
        }
        return (ServerSession) bind(channel, unbound.sessions(), created -> { });
    }

    private static AbstractSession bind(Channel channel, IoHandler sessions, Consumer<AbstractSession> prepare)
            throws IOException {
        // runs on the event loop so no byte can arrive between creating the session and attaching it
        Callable<AbstractSession> attach = () -> {
            if (!channel.isActive()) {
                throw new IOException("tunnel closed before SSH started");
            }
            ChannelIoSession io = new ChannelIoSession(channel, sessions);
            channel.pipeline().addLast("ssh", io.adapter());
            sessions.sessionCreated(io);
            AbstractSession session = AbstractSession.getSession(io);
            prepare.accept(session);
            if (channel.pipeline().get(InboundHold.NAME) != null) {
                channel.pipeline().remove(InboundHold.NAME);
            }
            channel.config().setAutoRead(true);
            return session;
        };
        try {
            if (channel.eventLoop().inEventLoop()) {
                return attach.call();
            }
            return channel.eventLoop().submit(attach).get(BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            channel.close();
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException("cannot start SSH on tunnel: " + oneLine(cause), cause);
        } catch (TimeoutException e) {
            channel.close();
            throw new IOException("cannot start SSH on tunnel: event loop busy for " + BIND_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close();
            throw new IOException("interrupted while starting SSH on tunnel");
        } catch (IOException e) {
            channel.close();
            throw e;
        } catch (Exception e) {
            channel.close();
            throw new IOException("cannot start SSH on tunnel: " + oneLine(e), e);
        }
    }

    private static Iterable<?> identities(SshClient client) throws IOException {
        var registered = client.getRegisteredIdentities();
        try {
            return registered == null ? java.util.List.of() : registered.loadIdentities(null);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot load the broker's SSH key: " + oneLine(e), e);
        }
    }

    private static void refuseEventLoop(Channel channel) {
        if (channel.eventLoop().inEventLoop()) {
            throw new IllegalStateException("SshOverNetty.client waits for login; call it off the channel's event loop");
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\p{Cntrl}", " ").strip();
    }
}
