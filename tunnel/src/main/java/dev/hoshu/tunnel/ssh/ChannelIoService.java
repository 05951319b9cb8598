package dev.hoshu.tunnel.ssh;

import java.util.Map;
import org.apache.sshd.common.io.IoService;
import org.apache.sshd.common.io.IoServiceEventListener;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.util.closeable.AbstractCloseable;

/**
 * The smallest {@link IoService} MINA asks a session for: one session, no acceptor, no connector,
 * so nothing here can ever listen on a port.
 */
final class ChannelIoService extends AbstractCloseable implements IoService {

    private final Map<Long, IoSession> sessions;
    private volatile IoServiceEventListener eventListener;

    ChannelIoService(IoSession session) {
        this.sessions = Map.of(session.getId(), session);
    }

    @Override
    public Map<Long, IoSession> getManagedSessions() {
        return sessions;
    }

    @Override
    public IoServiceEventListener getIoServiceEventListener() {
        return eventListener;
    }

    @Override
    public void setIoServiceEventListener(IoServiceEventListener listener) {
        this.eventListener = listener;
    }
}
