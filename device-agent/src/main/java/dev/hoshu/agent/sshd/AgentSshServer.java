package dev.hoshu.agent.sshd;

import dev.hoshu.tunnel.ssh.UnboundSshServer;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.ConnectionServiceRequestHandler;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.command.CommandFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the SSH server the broker reaches through the tunnel: the device key as host key,
 * public-key login for the broker's pinned key only, exec of signed tools only, and nothing else
 * (no shell, no forwarding of any kind, no agent, no X11; the only subsystem is file transfer, when given).
 */
public final class AgentSshServer {

    private static final Logger LOG = LoggerFactory.getLogger(AgentSshServer.class);

    private AgentSshServer() {
    }

    /** A started server that listens nowhere; bind it with {@code SshOverNetty.server}. */
    public static UnboundSshServer start(KeyPair hostKey, PublicKey brokerKey, CommandFactory tools) {
        return start(hostKey, brokerKey, tools, List.of());
    }

    /**
     * As {@link #start(KeyPair, PublicKey, CommandFactory)}, also answering the broker's control requests
     * (global requests beside the sessions, such as the inventory) with the given handlers.
     */
    public static UnboundSshServer start(KeyPair hostKey, PublicKey brokerKey, CommandFactory tools,
            List<? extends ConnectionServiceRequestHandler> control) {
        return start(hostKey, brokerKey, tools, control, List.of());
    }

    /**
     * As above, also serving the given subsystems (file transfer's {@code sftp}, each channel confined to its
     * session's transfer area).
     */
    public static UnboundSshServer start(KeyPair hostKey, PublicKey brokerKey, CommandFactory tools,
            List<? extends ConnectionServiceRequestHandler> control, List<? extends SubsystemFactory> subsystems) {
        UnboundSshServer server = UnboundSshServer.setUpDefault();
        List<RequestHandler<ConnectionService>> globalRequests = new ArrayList<>(server.getGlobalRequestHandlers());
        globalRequests.addAll(control);
        server.setGlobalRequestHandlers(globalRequests);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        server.setPublickeyAuthenticator((user, key, session) -> {
            boolean broker = KeyUtils.compareKeys(key, brokerKey);
            if (!broker) {
                LOG.warn("SSH login refused: key {} is not the broker's", KeyUtils.getFingerPrint(key));
            }
            return broker;
        });
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setHostBasedAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        server.setAgentFactory(null);
        server.setShellFactory(null);
        server.setSubsystemFactories(List.copyOf(subsystems));
        server.setCommandFactory(tools);
        server.start();
        return server;
    }
}
