package dev.hoshu.tunnel;

import dev.hoshu.tunnel.enroll.EnrollmentAuthority;
import dev.hoshu.tunnel.enroll.EnrollmentHandler;
import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.ssh.InboundHold;
import dev.hoshu.tunnel.tls.DeviceCertificateRefusedException;
import dev.hoshu.tunnel.tls.TunnelTls;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, once TLS is done, what a connection is: a device tunnel (client certificate verified
 * by the trust manager against the device CA) or an enrollment (no client certificate).
 */
final class HandshakeRouter extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(HandshakeRouter.class);

    private final Runnable handshakeOver;
    private final TunnelListener listener;
    private final EnrollmentAuthority enrollment;
    private final Executor workers;
    private boolean counted = true;

    /** @param handshakeOver told once, when this connection's handshake has ended one way or the other */
    HandshakeRouter(Runnable handshakeOver, TunnelListener listener, EnrollmentAuthority enrollment,
            Executor workers) {
        this.handshakeOver = handshakeOver;
        this.listener = listener;
        this.enrollment = enrollment;
        this.workers = workers;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (!(event instanceof SslHandshakeCompletionEvent done)) {
            super.userEventTriggered(ctx, event);
            return;
        }
        handshakeOver();
        Channel channel = ctx.channel();
        if (!done.isSuccess()) {
            DeviceCertificateRefusedException refused = refusedCertificate(done.cause());
            if (refused == null) {
                refuse(channel, null, "TLS handshake failed: " + TunnelTls.describe(done.cause()));
            } else {
                refuse(channel, refused.claimedDevice(), refused.getMessage());
            }
            ctx.close();
            return;
        }
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (!TunnelTls.agreedOnAlpn(tls)) {
            refuse(channel, null, "peer does not speak " + TunnelTls.ALPN + " (ALPN)");
            ctx.close();
            return;
        }
        X509Certificate device = peerCertificate(tls);
        if (device == null) {
            routeToEnrollment(ctx);
        } else {
            routeToTunnel(ctx, device);
        }
    }

    private void routeToEnrollment(ChannelHandlerContext ctx) {
        if (enrollment == null) {
            LOG.info("enrollment from {} refused: this broker does not enroll devices", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        ctx.pipeline().remove(this);
        EnrollmentHandler.install(ctx.pipeline(), enrollment, workers);
    }

    private void routeToTunnel(ChannelHandlerContext ctx, X509Certificate certificate) {
        Channel channel = ctx.channel();
        DeviceIdentity device;
        try {
            device = DeviceCertificates.identityOf(certificate);
        } catch (IllegalArgumentException e) {
            refuse(channel, null, e.getMessage());
            ctx.close();
            return;
        }
        ctx.pipeline().replace(this, InboundHold.NAME, new InboundHold());
        LOG.info("tunnel from {} opened for device {} of {}", channel.remoteAddress(), device.deviceId(),
                device.hospital());
        channel.closeFuture().addListener(closed -> LOG.info("tunnel of device {} of {} closed",
                device.deviceId(), device.hospital()));
        try {
            workers.execute(() -> open(device, channel));
        } catch (RejectedExecutionException e) {
            channel.close();
        }
    }

    private void open(DeviceIdentity device, Channel channel) {
        try {
            listener.tunnelOpened(device, channel);
        } catch (RuntimeException e) {
            LOG.warn("tunnel of device {} closed: the broker could not take it: {}", device.deviceId(),
                    e.getMessage(), e);
            channel.close();
        }
    }

    void refuse(Channel channel, String claimedDevice, String reason) {
        SocketAddress from = channel.remoteAddress();
        LOG.info("tunnel from {} refused: {}", from, reason);
        try {
            workers.execute(() -> told(claimedDevice, from, reason));
        } catch (RejectedExecutionException e) {
            // shutting down: nobody left to tell
        }
    }

    private void told(String claimedDevice, SocketAddress from, String reason) {
        try {
            listener.tunnelRefused(claimedDevice, from, reason);
        } catch (RuntimeException e) {
            LOG.warn("refusal of tunnel from {} could not be reported: {}", from, e.getMessage(), e);
        }
    }

    private static DeviceCertificateRefusedException refusedCertificate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DeviceCertificateRefusedException refused) {
                return refused;
            }
        }
        return null;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        handshakeOver();
        super.channelInactive(ctx);
    }

    /** TLS errors were already reported with the handshake outcome; they need no stack trace. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("tunnel connection from {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }

    private void handshakeOver() {
        if (counted) {
            counted = false;
            handshakeOver.run();
        }
    }

    private static X509Certificate peerCertificate(SslHandler tls) {
        try {
            Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? leaf : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }
}
