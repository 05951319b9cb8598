package dev.hoshu.broker.gateway;

import java.security.PublicKey;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;

/**
 * MINA's authenticator hook, run after the engineer proved possession of the key: checks the
 * certificate once more and remembers on the session which grant it proves.
 */
final class GrantCertificateAuthenticator implements PublickeyAuthenticator {

    private final GrantCertificateCheck check;

    GrantCertificateAuthenticator(GrantCertificateCheck check) {
        this.check = check;
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        LoginVerdict verdict = check.check(username, key);
        if (!verdict.accepted()) {
            return false;
        }
        session.setAttribute(EngineerLogin.KEY, verdict.login());
        return true;
    }
}
