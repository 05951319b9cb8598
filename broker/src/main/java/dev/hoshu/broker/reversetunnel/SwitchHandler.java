package dev.hoshu.broker.reversetunnel;

import dev.hoshu.tunnel.DeviceIdentity;
import dev.hoshu.tunnel.control.ControlHandler;
import dev.hoshu.tunnel.control.ControlRequests;
import dev.hoshu.tunnel.control.ReportAnswer;
import dev.hoshu.tunnel.control.SwitchReport;
import java.util.concurrent.Executor;
import org.apache.sshd.common.session.Session;

/**
 * The broker's end of the agent's on-site switch report. The device is the one whose certificate opened this
 * tunnel, never a name in the report, so one device cannot report another's switch.
 */
final class SwitchHandler extends ControlHandler<SwitchReport, ReportAnswer> {

    private final DeviceAuthority authority;

    /** @param ledgerWork records the report, which audits and writes the device record, off the I/O thread */
    SwitchHandler(DeviceAuthority authority, Executor ledgerWork) {
        super(ControlRequests.SWITCH, SwitchReport.class, ledgerWork);
        this.authority = authority;
    }

    @Override
    protected ReportAnswer answer(Session session, SwitchReport body) {
        DeviceIdentity device = session.getAttribute(RenewalHandler.DEVICE);
        if (device == null) {
            return ReportAnswer.refused("tunnel not ready yet; the next inventory report carries the switch");
        }
        authority.switched(device, body);
        return new ReportAnswer(true, null);
    }

    @Override
    protected ReportAnswer refusal(String reason) {
        return ReportAnswer.refused(reason);
    }
}
