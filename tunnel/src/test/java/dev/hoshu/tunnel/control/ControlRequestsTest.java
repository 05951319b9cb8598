package dev.hoshu.tunnel.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.tunnel.pki.DeviceCertificates;
import java.io.IOException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.SshServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The control channel's request and answer, over a real SSH session on loopback. */
class ControlRequestsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final KeyPair hostKey = DeviceCertificates.newEcKey();
    private final KeyPair clientKey = DeviceCertificates.newEcKey();
    private final Slow slowHandler = new Slow();
    private SshServer server;
    private SshClient client;
    private ClientSession session;

    /** Echoes the CSR back as the chain, refuses the word "forged". */
    private static final class Echo extends ControlHandler<RenewalRequest, RenewalAnswer> {
        Echo() {
            super(ControlRequests.RENEW_CERTIFICATE, RenewalRequest.class);
        }

        @Override
        protected RenewalAnswer answer(Session session, RenewalRequest body) throws ControlRefusedException {
            if ("forged".equals(body.csr())) {
                throw new ControlRefusedException("certificate request is forged");
            }
            return new RenewalAnswer(body.csr(), null);
        }

        @Override
        protected RenewalAnswer refusal(String reason) {
            return RenewalAnswer.refused(reason);
        }
    }

    /** Answers after other work, on another thread, as the broker answers a renewal. */
    private static final class Slow extends ControlHandler<RenewalRequest, RenewalAnswer> {
        /** Counted down when the request has reached this side. */
        final java.util.concurrent.CountDownLatch received;

        Slow() {
            this(new java.util.concurrent.CountDownLatch(1));
        }

        private Slow(java.util.concurrent.CountDownLatch received) {
            super("slow@hoshu.dev", RenewalRequest.class, work -> new Thread(() -> {
                received.countDown();
                try {
                    Thread.sleep(400);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                work.run();
            }).start());
            this.received = received;
        }

        @Override
        protected RenewalAnswer answer(Session session, RenewalRequest body) {
            return new RenewalAnswer("slow " + body.csr(), null);
        }

        @Override
        protected RenewalAnswer refusal(String reason) {
            return RenewalAnswer.refused(reason);
        }
    }

    @BeforeEach
    void connect() throws IOException {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((user, key, s) -> key.equals(clientKey.getPublic()));
        List<RequestHandler<ConnectionService>> handlers = new ArrayList<>(server.getGlobalRequestHandlers());
        handlers.add(new Echo());
        handlers.add(slowHandler);
        server.setGlobalRequestHandlers(handlers);
        server.start();
        client = SshClient.setUpDefaultClient();
        client.start();
        session = client.connect("broker", "127.0.0.1", server.getPort()).verify(WAIT).getSession();
        session.addPublicKeyIdentity(clientKey);
        session.auth().verify(WAIT);
    }

    @AfterEach
    void stop() throws IOException {
        client.stop();
        server.stop(true);
    }

    @Test
    void aRequestGetsItsAnswer() throws IOException {
        RenewalAnswer answer = ControlRequests.ask(session, ControlRequests.RENEW_CERTIFICATE,
                new RenewalRequest("PEM", "1f"), RenewalAnswer.class, WAIT);

        assertEquals("PEM", answer.certificateChain());
        assertNull(answer.error());
    }

    @Test
    void twoRequestsFromTwoThreadsEachGetTheirOwnAnswerThoughThePeerAnswersTheSecondFirst() throws Exception {
        java.util.concurrent.CompletableFuture<RenewalAnswer> slow = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> askQuietly("slow@hoshu.dev", "A"));
        assertTrue(slowHandler.received.await(10, java.util.concurrent.TimeUnit.SECONDS), "the slow request arrived");
        RenewalAnswer fast = askQuietly(ControlRequests.RENEW_CERTIFICATE, "B");

        assertEquals("slow A", slow.get(10, java.util.concurrent.TimeUnit.SECONDS).certificateChain());
        assertEquals("B", fast.certificateChain());
    }

    private RenewalAnswer askQuietly(String request, String csr) {
        try {
            return ControlRequests.ask(session, request, new RenewalRequest(csr, "1f"), RenewalAnswer.class, WAIT);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aRefusalComesBackAsItsReason() throws IOException {
        RenewalAnswer answer = ControlRequests.ask(session, ControlRequests.RENEW_CERTIFICATE,
                new RenewalRequest("forged", "1f"), RenewalAnswer.class, WAIT);

        assertEquals("certificate request is forged", answer.error());
    }

    @Test
    void anUnknownRequestIsAnErrorNamingIt() {
        IOException e = assertThrows(IOException.class, () -> ControlRequests.ask(session, "nonsense@hoshu.dev",
                new RenewalRequest("PEM", "1f"), RenewalAnswer.class, WAIT));

        assertEquals("peer does not answer nonsense@hoshu.dev", e.getMessage());
    }

    @Test
    void malformedAndOversizedBodiesAreRefusedWithoutDroppingTheSession() throws IOException {
        assertEquals("malformed " + ControlRequests.RENEW_CERTIFICATE + " message", refusalOf("{not json"));
        assertTrue(refusalOf("x".repeat(ControlRequests.MAX_PAYLOAD + 1)).contains("exceeds 64 KiB"));
        assertTrue(session.isOpen());
    }

    /** Sends a body as is, bypassing the JSON writer, and answers the refusal it got. */
    private String refusalOf(String body) throws IOException {
        Buffer buffer = session.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST);
        buffer.putString(ControlRequests.RENEW_CERTIFICATE);
        buffer.putBoolean(true);
        buffer.putString(body);
        Buffer reply = session.request(ControlRequests.RENEW_CERTIFICATE, buffer, WAIT);
        return ControlRequests.JSON.readValue(reply.getString(), RenewalAnswer.class).error();
    }
}
