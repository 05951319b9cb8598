package dev.hoshu.broker.reversetunnel;

import dev.hoshu.tunnel.DeviceIdentity;
import dev.hoshu.tunnel.control.ControlHandler;
import dev.hoshu.tunnel.control.ControlRequests;
import dev.hoshu.tunnel.control.RenewalAnswer;
import dev.hoshu.tunnel.control.RenewalRequest;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;

/**
 * The broker's end of certificate renewal: the device is the one whose certificate opened this tunnel (kept on
 * the SSH session), never a name in the request.
 */
final class RenewalHandler extends ControlHandler<RenewalRequest, RenewalAnswer> {

    /** Set on each tunnel's SSH session once the broker has logged in to the device. */
    static final AttributeKey<DeviceIdentity> DEVICE = new AttributeKey<>();

    private final DeviceAuthority authority;

    /** @param ledgerWork runs the renewal, which audits and writes the device record, off the tunnel's I/O thread */
    RenewalHandler(DeviceAuthority authority, java.util.concurrent.Executor ledgerWork) {
        super(ControlRequests.RENEW_CERTIFICATE, RenewalRequest.class, ledgerWork);
        this.authority = authority;
    }

    @Override
    protected RenewalAnswer answer(Session session, RenewalRequest body) {
        DeviceIdentity device = session.getAttribute(DEVICE);
        if (device == null) {
            return RenewalAnswer.refused("tunnel not ready yet; ask again");
        }
        if (body.csr() == null || body.csr().isBlank()) {
            return RenewalAnswer.refused("renewal request needs a csr");
        }
        return authority.renew(device, body.csr(), body.heldSerial());
    }

    @Override
    protected RenewalAnswer refusal(String reason) {
        return RenewalAnswer.refused(reason);
    }
}
