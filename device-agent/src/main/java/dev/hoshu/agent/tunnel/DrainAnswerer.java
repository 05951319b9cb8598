package dev.hoshu.agent.tunnel;

import dev.hoshu.tunnel.BrokerEndpoint;
import dev.hoshu.tunnel.TunnelClient;
import dev.hoshu.tunnel.control.ControlHandler;
import dev.hoshu.tunnel.control.ControlRefusedException;
import dev.hoshu.tunnel.control.ControlRequests;
import dev.hoshu.tunnel.control.DrainAnswer;
import dev.hoshu.tunnel.control.DrainRequest;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a broker node's drain request: the tunnel it came through dials another node now and lets the draining
 * one go when the broker closes it. Control requests reach the agent only inside the SSH session the broker opened
 * with its pinned key, so only the broker can ask; the request can move a tunnel, never stop a tool.
 */
public final class DrainAnswerer extends ControlHandler<DrainRequest, DrainAnswer> {

    private static final Logger LOG = LoggerFactory.getLogger(DrainAnswerer.class);
    /** The tunnel client whose tunnel carries an SSH session: where a drain request from that session applies. */
    private static final AttributeRepository.AttributeKey<TunnelClient> CLIENT = new AttributeRepository.AttributeKey<>();

    public DrainAnswerer() {
        super(ControlRequests.DRAIN, DrainRequest.class);
    }

    /** Notes that {@code session} is served over {@code client}'s tunnel, which a drain request then moves. */
    public static void carriedBy(Session session, TunnelClient client) {
        session.setAttribute(CLIENT, client);
    }

    @Override
    protected DrainAnswer answer(Session session, DrainRequest body) throws ControlRefusedException {
        TunnelClient client = session.getAttribute(CLIENT);
        if (client == null) {
            throw new ControlRefusedException("refused: this session is not one of the agent's tunnels");
        }
        BrokerEndpoint to = client.moveAway();
        String node = body.node() == null ? "?" : body.node().replaceAll("[^A-Za-z0-9._-]", "?");
        if (to == null) {
            LOG.info("broker node {} drains; no other broker node free, the tunnel stays until it closes", node);
            return new DrainAnswer(null, null);
        }
        LOG.info("broker node {} drains; moving this tunnel to broker {}", node, to);
        return new DrainAnswer(to.toString(), null);
    }

    @Override
    protected DrainAnswer refusal(String reason) {
        return DrainAnswer.refused(reason);
    }
}
