package dev.hoshu.broker.gateway;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.common.channel.RequestHandler.Result;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * The engineer's session channel, closed to everything but exec of a tool (REQ-TOOL-4). Agent and X11
 * forwarding, environment variables, shells and subsystems are refused here, each audited; since OpenSSH
 * sends agent, X11 and environment requests without asking for a reply, the connection's command then
 * answers with the refusal's one line rather than running as if nothing had been asked.
 */
final class GuardedChannelSession extends ChannelSession {

    /**
     * Debian's and Ubuntu's stock ssh_config send these (SendEnv LANG LC_*); tools run with their own locale, so
     * the values are dropped, not forwarded, and refusing them would refuse every engineer on those systems.
     */
    private static final Set<String> STOCK_LOCALE = Set.of("LANG", "LANGUAGE");

    private final GatewayAudit audit;

    GuardedChannelSession(GatewayAudit audit) {
        this.audit = audit;
    }

    @Override
    protected Result handleEnvParsed(String name, String value) {
        if (name != null && (STOCK_LOCALE.contains(name) || name.startsWith("LC_"))) {
            return Result.ReplyFailure;
        }
        String printable = GrantCertificateCheck.printable(name);
        refuseLater(ClosedFeature.ENVIRONMENT, "(" + printable + ")", "env " + printable);
        return Result.ReplyFailure;
    }

    // The unparsed handlers are overridden: MINA consults its forwarding filters before the parsed ones.
    @Override
    protected Result handleAgentForwarding(String requestType, Buffer buffer, boolean wantReply) {
        refuseLater(ClosedFeature.AGENT_FORWARDING, "", requestType);
        return Result.ReplyFailure;
    }

    @Override
    protected Result handleX11Forwarding(String requestType, Buffer buffer, boolean wantReply) {
        refuseLater(ClosedFeature.X11_FORWARDING, "", requestType);
        return Result.ReplyFailure;
    }

    @Override
    protected Result handleShellParsed(String request) throws IOException {
        Optional<ClosedFeatureRequest> earlier = ClosedFeatureRequest.pending(getSession());
        if (earlier.isPresent()) {
            return answerWith(request, earlier.get().refusal());
        }
        String device = GrantCertificateCheck.printable(getSession().getUsername());
        String line = "refused: no interactive shell on " + device + "; run a tool: ssh " + device
                + "@<broker> status (REQ-TOOL-4)";
        audit.featureRefused(getSession().getAttribute(EngineerLogin.KEY),
                new ClosedFeatureRequest(ClosedFeature.SHELL, line), "shell");
        return answerWith(request, line);
    }

    @Override
    protected Result handleSubsystem(String request, Buffer buffer, boolean wantReply) throws IOException {
        String subsystem = buffer.getString();
        if (FileTransferFactory.SFTP.equals(subsystem)) {
            Optional<ClosedFeatureRequest> earlier = ClosedFeatureRequest.pending(getSession());
            return earlier.isPresent() ? answerWith(request, earlier.get().refusal())
                    : handleSubsystemParsed(request, subsystem);
        }
        String printable = GrantCertificateCheck.printable(subsystem);
        String line = ClosedFeature.SUBSYSTEM.refusal("'" + printable + "'");
        audit.featureRefused(getSession().getAttribute(EngineerLogin.KEY),
                new ClosedFeatureRequest(ClosedFeature.SUBSYSTEM, line), "subsystem " + printable);
        return answerWith(request, line);
    }

    @Override
    protected Result handleExecParsed(String request, String command) throws IOException {
        Optional<ClosedFeatureRequest> earlier = ClosedFeatureRequest.pending(getSession());
        if (earlier.isPresent()) {
            return answerWith(request, earlier.get().refusal());
        }
        return super.handleExecParsed(request, command);
    }

    /**
     * MINA starts the channel's pending command field once the success reply is sent, not the command given to
     * prepareChannelCommand; without setting the field the client waits for output that never comes.
     */
    private Result answerWith(String request, String line) throws IOException {
        commandInstance = new RefusalCommand(line);
        return prepareChannelCommand(request, commandInstance);
    }

    private void refuseLater(ClosedFeature feature, String detail, String asked) {
        ClosedFeatureRequest refused = new ClosedFeatureRequest(feature, feature.refusal(detail));
        audit.featureRefused(getSession().getAttribute(EngineerLogin.KEY), refused, asked);
        ClosedFeatureRequest.remember(getSession(), refused);
    }
}
