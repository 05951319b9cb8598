package dev.hoshu.broker.gateway;

import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSessionImpl;
import org.apache.sshd.server.session.SessionFactory;

/** Makes every engineer connection an {@link OversizedPacketSession}. */
final class GatewaySessionFactory extends SessionFactory {

    private final GatewayAudit audit;

    GatewaySessionFactory(SshServer server, GatewayAudit audit) {
        super(server);
        this.audit = audit;
    }

    @Override
    protected ServerSessionImpl doCreateSession(IoSession ioSession) throws Exception {
        return new OversizedPacketSession(getServer(), ioSession, audit);
    }
}
