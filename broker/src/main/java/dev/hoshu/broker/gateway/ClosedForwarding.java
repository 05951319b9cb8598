package dev.hoshu.broker.gateway;

import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;

/**
 * Refuses every forwarding like {@link RejectAllForwardingFilter}, and also audits a remote forwarding
 * request (-R) and remembers it: its SSH failure reply carries no text, so the connection's command says why.
 */
final class ClosedForwarding extends RejectAllForwardingFilter {

    private final GatewayAudit audit;

    ClosedForwarding(GatewayAudit audit) {
        this.audit = audit;
    }

    @Override
    public boolean canListen(SshdSocketAddress address, Session session) {
        String asked = address == null ? "" : GrantCertificateCheck.printable(address.getHostName() + ":"
                + address.getPort());
        ClosedFeatureRequest request = new ClosedFeatureRequest(ClosedFeature.REMOTE_FORWARDING,
                ClosedFeature.REMOTE_FORWARDING.refusal("of " + asked));
        audit.featureRefused(session.getAttribute(EngineerLogin.KEY), request, asked);
        ClosedFeatureRequest.remember(session, request);
        return false;
    }
}
