package dev.hoshu.tunnel.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The control requests and how one is asked: an SSH global request whose only field is a UTF-8 JSON text,
 * answered by SSH_MSG_REQUEST_SUCCESS carrying one JSON text. A refusal is an answer with {@code "error"}.
 */
public final class ControlRequests {

    /** Broker to agent: report the inventory and the device's clock. */
    public static final String INVENTORY = "inventory@hoshu.dev";
    /** Agent to broker: sign this CSR for the device the tunnel belongs to. */
    public static final String RENEW_CERTIFICATE = "renew-certificate@hoshu.dev";
    /** Agent to broker: the tool of a closed session channel is stopped, its whole process tree gone. */
    public static final String STOPPED = "stopped@hoshu.dev";
    /** Agent to broker: the device refused to run a session's tool; the body says which and why. */
    public static final String TOOL_REFUSED = "tool-refused@hoshu.dev";
    /** Agent to broker: the on-site switch changed; the body is a {@link SwitchReport}. */
    public static final String SWITCH = "switch@hoshu.dev";
    /** Agent to broker, while a tool runs: any answer is a sign of life (the agent's fail safe). No body. */
    public static final String ALIVE = "alive@hoshu.dev";
    /** Broker to agent: this node drains; the body is a {@link DrainRequest}, the answer a {@link DrainAnswer}. */
    public static final String DRAIN = "drain@hoshu.dev";
    /** Far above a certificate chain or an inventory; stops a hostile peer from making us parse megabytes. */
    public static final int MAX_PAYLOAD = 64 * 1024;

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AttributeRepository.AttributeKey<ReentrantLock> IN_FLIGHT = new AttributeRepository.AttributeKey<>();

    private ControlRequests() {
    }

    /**
     * Asks the peer and waits for its answer. Call off the session's I/O thread.
     *
     * @throws IOException one line: the peer refused or does not know the request, timed out, or answered junk
     */
    public static <T> T ask(Session session, String request, Object body, Class<T> answerType, Duration timeout)
            throws IOException {
        Buffer buffer = session.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST);
        buffer.putString(request);
        buffer.putBoolean(true);
        buffer.putString(JSON.writeValueAsString(body));
        Buffer reply = request(session, request, buffer, timeout);
        if (reply == null) {
            throw new IOException("peer does not answer " + request);
        }
        return read(payload(reply), answerType, request);
    }

    /**
     * Sends a global request and waits for its reply, one at a time per session: SSH pairs replies with requests
     * by order alone, and the peer answers some requests at once and others after work on another thread, so two
     * requests in flight could each receive the other's answer (a renewal taking a ping's empty reply).
     *
     * @return the reply, or {@code null} when the peer does not know the request
     * @throws IOException when the previous request still holds the session for longer than {@code timeout}, or as
     *                     {@link Session#request} does
     */
    public static Buffer request(Session session, String request, Buffer buffer, Duration timeout) throws IOException {
        ReentrantLock oneAtATime = session.computeAttributeIfAbsent(IN_FLIGHT, key -> new ReentrantLock());
        try {
            if (!oneAtATime.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IOException(request + " not sent: another control request is still waiting for its answer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(request + " not sent: interrupted");
        }
        try {
            return session.request(request, buffer, timeout);
        } finally {
            oneAtATime.unlock();
        }
    }

    static String payload(Buffer buffer) throws IOException {
        int available = buffer.available();
        if (available > MAX_PAYLOAD + Integer.BYTES) {
            throw new IOException("control message of " + available + " bytes exceeds " + MAX_PAYLOAD / 1024 + " KiB");
        }
        return buffer.getString(StandardCharsets.UTF_8);
    }

    static <T> T read(String json, Class<T> type, String request) throws IOException {
        try {
            T value = JSON.readValue(json, type);
            if (value == null) {
                throw new IOException("empty " + request + " message");
            }
            return value;
        } catch (JacksonException e) {
            throw new IOException("malformed " + request + " message");
        }
    }
}
