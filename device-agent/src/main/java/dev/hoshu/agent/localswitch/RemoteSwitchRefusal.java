package dev.hoshu.agent.localswitch;

import java.util.Locale;
import org.apache.sshd.common.channel.RequestHandler.Result;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.ConnectionServiceRequestHandler;
import org.apache.sshd.common.util.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses, and logs, any request through the tunnel that names the switch: the on-site switch has no remote
 * control, so such a request can only come from a confused or compromised broker.
 */
public final class RemoteSwitchRefusal implements ConnectionServiceRequestHandler {

    private static final Logger log = LoggerFactory.getLogger(RemoteSwitchRefusal.class);

    @Override
    public Result process(ConnectionService service, String request, boolean wantReply, Buffer buffer) {
        if (request == null || !request.toLowerCase(Locale.ROOT).contains("switch")) {
            return Result.Unsupported;
        }
        log.warn("refused remote request {} from {}: the on-site switch is turned on or off on site only",
                request.replaceAll("\\p{Cntrl}", "?"), service.getSession().getIoSession().getRemoteAddress());
        return Result.ReplyFailure;
    }
}
