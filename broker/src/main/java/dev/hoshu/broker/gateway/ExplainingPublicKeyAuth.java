package dev.hoshu.broker.gateway;

import java.security.PublicKey;
import java.io.IOException;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKey;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Public-key auth that tells the engineer why a key was refused. SSH's failure message carries no
 * reason, and MINA rejects expired or foreign certificates before any authenticator sees them; so
 * this checks the offered key first and, on refusal, sends the reason as an SSH_MSG_USERAUTH_BANNER,
 * which OpenSSH prints on stderr (also with BatchMode, not with LogLevel QUIET or ERROR).
 * <p>Only certificate refusals are shown, and only the first of a connection. OpenSSH offers an
 * identity's plain key before its certificate, so explaining a plain-key refusal would print a false
 * alarm before every successful certificate login; a client with no certificate at all gets
 * OpenSSH's own "Permission denied (publickey)", and the reason is logged here.
 */
final class ExplainingPublicKeyAuth extends UserAuthPublicKey {

    private static final Logger log = LoggerFactory.getLogger(ExplainingPublicKeyAuth.class);
    private static final AttributeKey<Boolean> EXPLAINED = new AttributeKey<>();

    private final GrantCertificateCheck check;
    private final GatewayAudit audit;

    ExplainingPublicKeyAuth(GrantCertificateCheck check, GatewayAudit audit) {
        this.check = check;
        this.audit = audit;
    }

    @Override
    public Boolean doAuth(Buffer buffer, boolean init) throws Exception {
        ServerSession session = getServerSession();
        int start = buffer.rpos();
        PublicKey offered;
        try {
            buffer.getBoolean();
            buffer.getString();
            offered = buffer.getPublicKey();
        } catch (RuntimeException e) {
            log.info("refused login as {} from {}: malformed public key", GrantCertificateCheck.printable(getUsername()),
                    session.getClientAddress());
            return Boolean.FALSE;
        } finally {
            buffer.rpos(start);
        }
        LoginVerdict verdict = check.check(getUsername(), offered);
        if (!verdict.accepted()) {
            explain(session, verdict.refusal(), offered);
            return Boolean.FALSE;
        }
        try {
            verifyCertificateSignature(session, (OpenSshCertificate) offered);
        } catch (Exception e) {
            explain(session, "refused: certificate " + GrantCertificateCheck.printable(verdict.login().grantId())
                    + " has a CA signature that does not verify", offered);
            return Boolean.FALSE;
        }
        return super.doAuth(buffer, init);
    }

    private void explain(ServerSession session, String refusal, PublicKey offered) throws IOException {
        log.info("refused login as {} from {}: {}", GrantCertificateCheck.printable(getUsername()),
                session.getClientAddress(), refusal);
        // Plain keys are not audited either: OpenSSH offers one before every certificate login.
        if (!(offered instanceof OpenSshCertificate certificate)) {
            return;
        }
        audit.loginRefused(getUsername(), certificate.getId(), session.getClientAddress(), refusal);
        if (session.setAttribute(EXPLAINED, Boolean.TRUE) != null) {
            return;
        }
        Buffer banner = session.createBuffer(SshConstants.SSH_MSG_USERAUTH_BANNER, refusal.length() + 16);
        banner.putString(refusal + "\r\n");
        banner.putString("");
        session.writePacket(banner);
    }
}
