package dev.hoshu.broker.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.channel.AbstractServerChannel;

/**
 * A channel type a client may open and Hoshu refuses ({@code direct-tcpip} for -L, -D and -W, its Unix-socket
 * twin, {@code tun@openssh.com} for -w). The refusal is the channel-open failure's own description, which
 * OpenSSH prints ({@code channel 2: open failed: administratively prohibited: refused: …}), and an audit event.
 */
final class ClosedChannelType implements ChannelFactory {

    private final String type;
    private final ClosedFeature feature;
    private final GatewayAudit audit;

    ClosedChannelType(String type, ClosedFeature feature, GatewayAudit audit) {
        this.type = type;
        this.feature = feature;
        this.audit = audit;
    }

    @Override
    public String getName() {
        return type;
    }

    @Override
    public Channel createChannel(Session session) {
        return new RefusedChannel();
    }

    /**
     * MINA's own failure reply replaces a refusal's text with a generic one, so this channel answers the open
     * itself and leaves the connection service's future pending, which then sends nothing more.
     */
    private final class RefusedChannel extends AbstractServerChannel {

        RefusedChannel() {
            super(type, java.util.List.of(), null);
        }

        @Override
        public OpenFuture open(long recipient, long rwSize, long packetSize, Buffer buffer) {
            String target = describeTarget(buffer);
            String line = feature.refusal(target.isEmpty() ? "" : "to " + target);
            Session session = getSession();
            audit.featureRefused(session.getAttribute(EngineerLogin.KEY), new ClosedFeatureRequest(feature, line),
                    type + (target.isEmpty() ? "" : " " + target));
            try {
                Buffer failure = session.createBuffer(SshConstants.SSH_MSG_CHANNEL_OPEN_FAILURE,
                        line.length() + Long.SIZE);
                failure.putUInt(recipient);
                failure.putInt(SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED);
                failure.putString(line);
                failure.putString("");
                session.writePacket(failure);
            } catch (IOException e) {
                session.exceptionCaught(e);
            }
            ConnectionService service = session.getService(ConnectionService.class);
            if (service != null) {
                service.unregisterChannel(this);
            }
            return new DefaultOpenFuture(this, this);
        }

        /** {@code host:port} of a direct-tcpip open, kept printable; empty for other types. */
        private String describeTarget(Buffer buffer) {
            if (!"direct-tcpip".equals(type) || buffer == null) {
                return "";
            }
            try {
                String host = buffer.getString(StandardCharsets.UTF_8);
                long port = buffer.getUInt();
                return GrantCertificateCheck.printable(host + ":" + port);
            } catch (RuntimeException malformed) {
                return "";
            }
        }

        @Override
        protected void doWriteData(byte[] data, int off, long len) throws IOException {
            throw new IOException("a refused channel carries no data");
        }

        @Override
        protected void doWriteExtendedData(byte[] data, int off, long len) throws IOException {
            throw new IOException("a refused channel carries no data");
        }
    }
}
