package dev.hoshu.broker.gateway;

import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.channel.ChannelSessionFactory;

/** The only channel type that does anything at the gateway: a {@link GuardedChannelSession}. */
final class GuardedChannelSessionFactory implements ChannelFactory {

    private final GatewayAudit audit;

    GuardedChannelSessionFactory(GatewayAudit audit) {
        this.audit = audit;
    }

    @Override
    public String getName() {
        return ChannelSessionFactory.INSTANCE.getName();
    }

    @Override
    public Channel createChannel(Session session) {
        return new GuardedChannelSession(audit);
    }
}
