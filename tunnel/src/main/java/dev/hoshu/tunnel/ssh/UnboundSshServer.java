package dev.hoshu.tunnel.ssh;

import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.SessionFactory;

/**
 * An {@link SshServer} that never listens: {@link #start()} checks the configuration and builds
 * the session factory, but creates no acceptor and binds no port. Sessions come only from
 * {@link SshOverNetty#server}, on channels the agent itself dialed out.
 */
public class UnboundSshServer extends SshServer {

    private volatile boolean started;

    /** Use instead of {@link SshServer#setUpDefaultServer()}: same defaults, no listening socket. */
    public static UnboundSshServer setUpDefault() {
        UnboundSshServer server = new UnboundSshServer();
        SshServer defaults = SshServer.setUpDefaultServer();
        server.setKeyExchangeFactories(defaults.getKeyExchangeFactories());
        server.setCipherFactories(defaults.getCipherFactories());
        server.setCompressionFactories(defaults.getCompressionFactories());
        server.setMacFactories(defaults.getMacFactories());
        server.setSignatureFactories(defaults.getSignatureFactories());
        server.setChannelFactories(defaults.getChannelFactories());
        server.setFileSystemFactory(defaults.getFileSystemFactory());
        server.setForwarderFactory(defaults.getForwarderFactory());
        server.setGlobalRequestHandlers(defaults.getGlobalRequestHandlers());
        server.setRandomFactory(defaults.getRandomFactory());
        server.setForwardingFilter(defaults.getForwardingFilter());
        return server;
    }

    @Override
    public synchronized void start() {
        if (started) {
            return;
        }
        checkConfig();
        if (getSessionFactory() == null) {
            setSessionFactory(createSessionFactory());
        }
        setupSessionTimeout(getSessionFactory());
        started = true;
    }

    @Override
    public boolean isStarted() {
        return started;
    }

    /** Refuses outright, so that no code path can ever open a listening socket on the device. */
    @Override
    protected IoAcceptor createAcceptor() {
        throw new UnsupportedOperationException("this SSH server never listens; bind it to a tunnel channel");
    }

    SessionFactory sessions() {
        if (!started) {
            throw new IllegalStateException("call start() on the SSH server before binding it to a tunnel");
        }
        return getSessionFactory();
    }
}
