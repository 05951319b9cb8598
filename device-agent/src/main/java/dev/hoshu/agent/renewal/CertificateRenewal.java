package dev.hoshu.agent.renewal;

import dev.hoshu.tunnel.DeviceIdentity;
import dev.hoshu.tunnel.control.ControlRequests;
import dev.hoshu.tunnel.control.RenewalAnswer;
import dev.hoshu.tunnel.control.RenewalRequest;
import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.pki.PemFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the device certificate at half its life over the tunnel's control channel: a CSR with the same device
 * key (which is also the SSH host key the broker pins per tunnel, so live sessions are not disturbed), the new
 * chain checked, written atomically to {@code device.crt} and used for the next handshake. The answer also names the
 * broker's device CAs to trust (a rotation adds the next CA, and later drops the old one): written atomically,
 * owner-only, to {@code ca.crt} before the certificate, and trusted from the next handshake on. A failed attempt is
 * retried after a tenth of the certificate's life, and at the next tunnel up.
 */
public final class CertificateRenewal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateRenewal.class);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration MIN_RETRY = Duration.ofSeconds(2);
    private static final Duration MAX_RETRY = Duration.ofMinutes(5);

    private final Path certificateFile;
    private final KeyPair deviceKey;
    private final Path trustFile;
    private final Consumer<List<X509Certificate>> useCertificate;
    private final Consumer<List<X509Certificate>> useTrust;
    private volatile List<X509Certificate> trustedCas;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "certificate-renewal");
        thread.setDaemon(true);
        return thread;
    });
    private volatile X509Certificate current;
    private volatile ServerSession tunnel;
    private ScheduledFuture<?> next;

    /**
     * @param useCertificate told the renewed chain, after it is on disk; the tunnel client dials with it next
     */
    public CertificateRenewal(Path certificateFile, KeyPair deviceKey, List<X509Certificate> chain,
            List<X509Certificate> trustedCas, Path trustFile, Consumer<List<X509Certificate>> useCertificate,
            Consumer<List<X509Certificate>> useTrust, Clock clock) {
        this.certificateFile = certificateFile;
        this.deviceKey = deviceKey;
        this.trustedCas = List.copyOf(trustedCas);
        this.trustFile = trustFile;
        this.useCertificate = useCertificate;
        this.useTrust = useTrust;
        this.clock = clock;
        this.current = chain.get(0);
    }

    /** A tunnel is up: renewals go through it; one that is already due is attempted now. */
    public synchronized void tunnelUp(ServerSession session) {
        tunnel = session;
        Instant due = DeviceCertificates.renewalDue(current);
        schedule(Duration.between(clock.instant(), due));
    }

    /** When the current certificate is due for renewal. */
    public Instant due() {
        return DeviceCertificates.renewalDue(current);
    }

    private synchronized void schedule(Duration delay) {
        if (next != null) {
            next.cancel(false);
        }
        long millis = Math.max(0, delay.toMillis());
        next = timer.schedule(this::renew, millis, TimeUnit.MILLISECONDS);
    }

    private void renew() {
        ServerSession session = tunnel;
        if (session == null || !session.isOpen() || !session.isAuthenticated()) {
            // No broker to ask yet: the next tunnel up tries again, and so does a retry soon.
            schedule(MIN_RETRY);
            return;
        }
        try {
            Renewed renewed = askBroker(session);
            List<X509Certificate> chain = renewed.chain();
            if (!renewed.trust().equals(trustedCas)) {
                // Trust first: a crash before the certificate is written leaves an old certificate and a wider trust.
                PemFiles.writeAtomically(trustFile, PemFiles.toPem(renewed.trust()), true);
                trustedCas = renewed.trust();
                useTrust.accept(trustedCas);
                LOG.info("broker device CAs trusted from now on: {}", trustedCas.stream()
                        .map(ca -> ca.getSubjectX500Principal().getName()).toList());
            }
            PemFiles.writeCertificates(certificateFile, chain);
            current = chain.get(0);
            useCertificate.accept(chain);
            LOG.info("device certificate renewed: serial {}, valid until {}", current.getSerialNumber().toString(16),
                    current.getNotAfter().toInstant());
            schedule(Duration.between(clock.instant(), DeviceCertificates.renewalDue(current)));
        } catch (IOException | RuntimeException e) {
            Duration retry = retryDelay();
            LOG.warn("device certificate renewal failed: {}; retrying in {} s (certificate valid until {})",
                    e.getMessage(), retry.toSeconds(), current.getNotAfter().toInstant());
            schedule(retry);
        }
    }

    private record Renewed(List<X509Certificate> chain, List<X509Certificate> trust) {
    }

    private Renewed askBroker(ServerSession session) throws IOException {
        DeviceIdentity device = DeviceCertificates.identityOf(current);
        String csr = PemFiles.toPem(DeviceCertificates.csr(deviceKey, device.deviceId()));
        RenewalRequest request = new RenewalRequest(csr, current.getSerialNumber().toString(16));
        RenewalAnswer answer = ControlRequests.ask(session, ControlRequests.RENEW_CERTIFICATE, request,
                RenewalAnswer.class, ANSWER_TIMEOUT);
        if (answer.error() != null) {
            throw new IOException("broker refused: " + answer.error());
        }
        // Told over a tunnel whose broker proved itself under the CAs trusted so far; a broker that predates
        // rotation sends none, and the trust stays as it is.
        List<X509Certificate> trust = answer.trustedCas() == null ? trustedCas
                : TrustedCas.check(answer.trustedCas(), clock.instant());
        return new Renewed(RenewedChain.check(answer.certificateChain(), deviceKey.getPublic(), device, trust,
                clock.instant()), trust);
    }

    private Duration retryDelay() {
        Duration life = Duration.between(current.getNotBefore().toInstant().plus(DeviceCertificates.BACKDATE),
                current.getNotAfter().toInstant());
        Duration tenth = life.dividedBy(10);
        return tenth.compareTo(MIN_RETRY) < 0 ? MIN_RETRY : tenth.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : tenth;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
