package dev.hoshu.broker.gateway;

import org.apache.sshd.server.auth.pubkey.UserAuthPublicKey;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.session.ServerSession;

/** Makes the gateway's only auth method: public key, with refusals explained. */
final class ExplainingPublicKeyAuthFactory extends UserAuthPublicKeyFactory {

    private final GrantCertificateCheck check;
    private final GatewayAudit audit;

    ExplainingPublicKeyAuthFactory(GrantCertificateCheck check, GatewayAudit audit) {
        this.check = check;
        this.audit = audit;
    }

    @Override
    public UserAuthPublicKey createUserAuth(ServerSession session) {
        return new ExplainingPublicKeyAuth(check, audit);
    }
}
