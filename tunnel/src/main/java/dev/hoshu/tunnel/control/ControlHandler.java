package dev.hoshu.tunnel.control;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.RequestHandler.Result;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.ConnectionServiceRequestHandler;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one control request: reads its JSON body (bounded), lets {@link #answer} decide, and replies with one
 * JSON object, on the session's I/O thread or on an executor.
 *
 * @param <Q> the request body
 * @param <A> the answer
 */
public abstract class ControlHandler<Q, A> implements ConnectionServiceRequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ControlHandler.class);

    private final String request;
    private final Class<Q> bodyType;
    private final Executor executor;

    /** Answers on the session's I/O thread: for answers that touch nothing but memory. */
    protected ControlHandler(String request, Class<Q> bodyType) {
        this(request, bodyType, Runnable::run);
    }

    /**
     * Answers on {@code executor}, for answers that write to disk: the I/O thread carries other tunnels too.
     * Answers may then leave in another order than the requests came, which is safe because each side sends one
     * control request at a time ({@link ControlRequests#request}); SSH pairs global replies with requests by order.
     */
    protected ControlHandler(String request, Class<Q> bodyType, Executor executor) {
        this.request = request;
        this.bodyType = bodyType;
        this.executor = executor;
    }

    /**
     * @throws ControlRefusedException with the one line the peer receives as {@code "error"}
     */
    protected abstract A answer(Session session, Q body) throws ControlRefusedException;

    /** The answer carrying only a refusal. */
    protected abstract A refusal(String reason);

    @Override
    public Result process(ConnectionService service, String name, boolean wantReply, Buffer buffer)
            throws Exception {
        if (!request.equals(name)) {
            return Result.Unsupported;
        }
        if (!wantReply) {
            return Result.Replied; // an answer nobody waits for is not worth computing
        }
        Session session = service.getSession();
        Q body;
        try {
            body = ControlRequests.read(ControlRequests.payload(buffer), bodyType, request);
        } catch (IOException e) {
            LOG.info("{} from {} refused: {}", request, session.getIoSession().getRemoteAddress(), e.getMessage());
            reply(session, refusal(e.getMessage()));
            return Result.Replied;
        }
        try {
            executor.execute(() -> reply(session, decide(session, body)));
        } catch (RejectedExecutionException e) {
            reply(session, refusal("shutting down"));
        }
        return Result.Replied;
    }

    private A decide(Session session, Q body) {
        try {
            return answer(session, body);
        } catch (ControlRefusedException e) {
            return refusal(e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("{} from {} failed", request, session.getIoSession().getRemoteAddress(), e);
            return refusal("failed on the other side");
        }
    }

    private void reply(Session session, A answer) {
        try {
            Buffer reply = session.createBuffer(SshConstants.SSH_MSG_REQUEST_SUCCESS);
            reply.putString(ControlRequests.JSON.writeValueAsString(answer));
            session.writePacket(reply);
        } catch (IOException e) {
            LOG.info("{} answer to {} not sent: {}", request, session.getIoSession().getRemoteAddress(), e.getMessage());
        }
    }
}
