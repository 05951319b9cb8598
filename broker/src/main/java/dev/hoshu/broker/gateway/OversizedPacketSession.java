package dev.hoshu.broker.gateway;

import java.util.Locale;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.server.ServerFactoryManager;
import org.apache.sshd.server.session.ServerSessionImpl;

/**
 * An engineer's connection that says why it ends when the engineer sends an SSH packet larger than MINA
 * accepts (256 KiB, which a command of one or more large arguments can exceed): MINA drops such a
 * connection before any request handler sees the packet, so without this the engineer read only
 * "closed by remote host" and the auditor nothing.
 */
final class OversizedPacketSession extends ServerSessionImpl {

    static final int MAX_PACKET_BYTES = 8 * SshConstants.SSH_REQUIRED_PAYLOAD_PACKET_LENGTH_SUPPORT;

    private final GatewayAudit audit;

    OversizedPacketSession(ServerFactoryManager server, IoSession ioSession, GatewayAudit audit) throws Exception {
        super(server, ioSession);
        this.audit = audit;
    }

    @Override
    public void exceptionCaught(Throwable t) {
        EngineerLogin login = getAttribute(EngineerLogin.KEY);
        // MINA sets 'discarding' when a packet's length is out of bounds, then fails on the packet's MAC a few
        // blocks later; only an authenticated engineer's oversized packet is worth an event and an explanation.
        if (discarding == null || login == null || !isOpen()) {
            super.exceptionCaught(t);
            return;
        }
        String line = "refused: command is longer than 4096 bytes (an SSH packet of " + decoderLengthAsked()
                + " bytes, more than the gateway's " + MAX_PACKET_BYTES + ")";
        audit.sessionRefused(login, null, line);
        if (!namingTheFailureIsSafe()) {
            super.exceptionCaught(t);
            return;
        }
        try {
            disconnect(SshConstants.SSH2_DISCONNECT_BY_APPLICATION, line);
        } catch (Exception e) {
            close(true);
        }
    }

    /** The length MINA refused, as it wrote it in its own exception ("Invalid packet length: N"). */
    private String decoderLengthAsked() {
        String message = discarding.getMessage();
        int colon = message == null ? -1 : message.lastIndexOf(':');
        String number = colon < 0 ? "" : message.substring(colon + 1).trim();
        return number.matches("[0-9]{1,10}") ? number : "unknown";
    }

    /**
     * With a CBC cipher, telling a bad length from a bad MAC leaks plaintext (CVE-2008-5161), which is why MINA
     * answers both alike; with stream, CTR and AEAD ciphers the first block decrypts to nothing secret.
     */
    private boolean namingTheFailureIsSafe() {
        Cipher in = inCipher;
        return in != null && !in.getTransformation().toUpperCase(Locale.ROOT).contains("/CBC/");
    }
}
