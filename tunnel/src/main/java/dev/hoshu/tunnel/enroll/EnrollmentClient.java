package dev.hoshu.tunnel.enroll;

import dev.hoshu.tunnel.tls.PinMismatchException;
import dev.hoshu.tunnel.tls.TunnelTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** The agent's end of enrollment: dial, check the broker against the token's CA pin, ask once. */
public final class EnrollmentClient {

    private final Duration connectTimeout;
    private final Duration answerTimeout;

    /** @param timeout for the TCP connect, and again for the broker's TLS answer and its enrollment answer */
    public EnrollmentClient(Duration timeout) {
        this(timeout, timeout);
    }

    /**
     * @param connectTimeout for the TCP connect: a broker nobody answers for is reported soon
     * @param answerTimeout  for the broker's TLS answer and then its enrollment answer: a busy broker lets a new
     *                       connection wait in its lobby before the handshake starts
     */
    public EnrollmentClient(Duration connectTimeout, Duration answerTimeout) {
        this.connectTimeout = connectTimeout;
        this.answerTimeout = answerTimeout;
    }

    /**
     * @throws EnrollmentRefusedException the broker said no, or is not the broker the token names
     * @throws IOException the broker could not be reached or broke off; the message is one line
     */
    public EnrollmentResponse enroll(String host, int port, JoinToken token, EnrollmentRequest request)
            throws EnrollmentRefusedException, IOException {
        String broker = host + ":" + port;
        CompletableFuture<EnrollmentResponse> answer = new CompletableFuture<>();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            channel.pipeline().addLast("tls", TunnelTls.clientHandler(
                                    TunnelTls.enrollmentContext(token.caPin()), host, port, answerTimeout));
                            EnrollmentFrames.addTo(channel.pipeline());
                            channel.pipeline().addLast("answer", new AnswerHandler(request, answer));
                        }
                    });
            bootstrap.connect(host, port).addListener(connected -> {
                if (!connected.isSuccess()) {
                    answer.completeExceptionally(connected.cause());
                }
            });
            return answer.get(connectTimeout.plus(answerTimeout).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Exception failure = failure(broker, e.getCause());
            if (failure instanceof EnrollmentRefusedException refused) {
                throw refused;
            }
            throw (IOException) failure;
        } catch (TimeoutException e) {
            throw new IOException("broker " + broker + " did not answer within "
                    + connectTimeout.plus(answerTimeout).toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("enrollment with " + broker + " interrupted");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** Either an {@link EnrollmentRefusedException} or an {@link IOException}, each with a one-line message. */
    private static Exception failure(String broker, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof PinMismatchException) {
                return new EnrollmentRefusedException(t.getMessage());
            }
            if (t instanceof EnrollmentRefusedException refused) {
                return refused;
            }
        }
        if (cause instanceof ConnectException) {
            return new IOException("cannot reach broker " + broker + ": connection refused");
        }
        if (cause instanceof UnknownHostException) {
            return new IOException("cannot reach broker " + broker + ": unknown host");
        }
        if (cause instanceof BrokerAnswerException) {
            return new IOException(cause.getMessage());
        }
        return new IOException("cannot enroll with broker " + broker + ": "
                + EnrollmentRefusedException.oneLine(String.valueOf(cause.getMessage())));
    }

    /** Sends the request once TLS is up, then turns the single answer frame into a result. */
    private static final class AnswerHandler extends SimpleChannelInboundHandler<JsonNode> {

        private final EnrollmentRequest request;
        private final CompletableFuture<EnrollmentResponse> answer;

        AnswerHandler(EnrollmentRequest request, CompletableFuture<EnrollmentResponse> answer) {
            this.request = request;
            this.answer = answer;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof SslHandshakeCompletionEvent done) {
                if (!done.isSuccess()) {
                    answer.completeExceptionally(done.cause());
                    ctx.close();
                } else if (!TunnelTls.agreedOnAlpn(ctx.pipeline().get(SslHandler.class))) {
                    answer.completeExceptionally(new BrokerAnswerException("broker does not speak " + TunnelTls.ALPN));
                    ctx.close();
                } else {
                    ctx.writeAndFlush(request);
                }
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, JsonNode frame) {
            JsonNode error = frame.get("error");
            if (error != null) {
                answer.completeExceptionally(new EnrollmentRefusedException(error.asString()));
            } else {
                try {
                    answer.complete(JsonFrameCodec.JSON.treeToValue(frame, EnrollmentResponse.class));
                } catch (JacksonException e) {
                    answer.completeExceptionally(new BrokerAnswerException("broker sent a malformed enrollment answer"));
                }
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            answer.completeExceptionally(new BrokerAnswerException("broker closed the connection before answering"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            answer.completeExceptionally(cause);
            ctx.close();
        }
    }

    /** Something the broker did (or failed to do) after TLS; its message is already one line. */
    private static final class BrokerAnswerException extends IOException {

        private static final long serialVersionUID = 1L;

        BrokerAnswerException(String message) {
            super(message);
        }
    }
}
