package dev.hoshu.tunnel.enroll;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The broker's end of one enrollment connection: read one request, answer once, close. The
 * authority runs on the given executor because it writes state to disk.
 */
public final class EnrollmentHandler extends SimpleChannelInboundHandler<JsonNode> {

    private static final Logger LOG = LoggerFactory.getLogger(EnrollmentHandler.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** How long a refused peer has to read the refusal before the broker closes anyway. */
    private static final Duration LINGER = Duration.ofSeconds(2);

    private final EnrollmentAuthority authority;
    private final Executor executor;
    private boolean answered;

    public EnrollmentHandler(EnrollmentAuthority authority, Executor executor) {
        this.authority = authority;
        this.executor = executor;
    }

    /** Turns a TLS channel without a client certificate into an enrollment exchange. */
    public static void install(ChannelPipeline pipeline, EnrollmentAuthority authority, Executor executor) {
        pipeline.addLast("enroll-timeout", new ReadTimeoutHandler(REQUEST_TIMEOUT.toSeconds(),
                java.util.concurrent.TimeUnit.SECONDS));
        pipeline.addLast("not-a-tunnel", new TunnelWithoutCertificate());
        EnrollmentFrames.addTo(pipeline);
        pipeline.addLast("enroll", new EnrollmentHandler(authority, executor));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, JsonNode frame) {
        if (answered) {
            return;
        }
        answered = true;
        EnrollmentRequest request;
        try {
            request = JsonFrameCodec.JSON.treeToValue(frame, EnrollmentRequest.class);
        } catch (JacksonException e) {
            refuseEarly(ctx, "malformed enrollment request");
            return;
        }
        if (blank(request.token()) || blank(request.csr())) {
            refuseEarly(ctx, "enrollment request needs a token and a csr");
            return;
        }
        try {
            executor.execute(() -> decide(ctx, request));
        } catch (RejectedExecutionException e) {
            refuse(ctx, "broker is shutting down");
        }
    }

    private void decide(ChannelHandlerContext ctx, EnrollmentRequest request) {
        try {
            EnrollmentResponse response = authority.enroll(request);
            LOG.info("enrolled device {} of {} from {}", response.deviceId(), response.hospital(),
                    ctx.channel().remoteAddress());
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } catch (EnrollmentRefusedException e) {
            LOG.info("enrollment from {} refused: {}", ctx.channel().remoteAddress(), e.getMessage());
            refuse(ctx, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("enrollment from {} failed", ctx.channel().remoteAddress(), e);
            refuse(ctx, "enrollment failed on the broker");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (answered && !(cause instanceof ReadTimeoutException)) {
            ctx.close();
            return;
        }
        answered = true;
        String reason = cause instanceof TooLongFrameException
                ? "enrollment frame exceeds " + EnrollmentFrames.MAX_BODY / 1024 + " KiB"
                : cause instanceof ReadTimeoutException ? "no enrollment request within " + REQUEST_TIMEOUT.toSeconds() + " s"
                : "malformed enrollment request";
        LOG.info("enrollment from {} refused: {}", ctx.channel().remoteAddress(), reason);
        refuseEarly(ctx, reason);
    }

    /** A refusal {@link EnrollmentAuthority#enroll} never saw: the authority is told, so it is audited too. */
    private void refuseEarly(ChannelHandlerContext ctx, String reason) {
        SocketAddress from = ctx.channel().remoteAddress();
        try {
            executor.execute(() -> {
                try {
                    authority.refusedEarly(from, reason);
                } catch (RuntimeException e) {
                    LOG.warn("refused enrollment from {} could not be reported: {}", from, e.getMessage(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            // shutting down: nobody left to tell
        }
        refuse(ctx, reason);
    }

    /**
     * Closing while the peer's bytes are still unread would reset the connection, and a reset can destroy
     * the refusal before the peer reads it. So: say it, end our side of TLS, let what the peer still sends
     * be discarded, and close shortly after (at once if the peer closes first).
     */
    private static void refuse(ChannelHandlerContext ctx, String reason) {
        ctx.writeAndFlush(new EnrollmentError(EnrollmentRefusedException.oneLine(reason))).addListener(written -> {
            SslHandler tls = ctx.pipeline().get(SslHandler.class);
            if (tls != null) {
                tls.closeOutbound();
            }
            ctx.executor().schedule(() -> ctx.close(), LINGER.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
