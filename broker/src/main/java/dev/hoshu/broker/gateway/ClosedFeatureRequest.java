package dev.hoshu.broker.gateway;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;

/**
 * A refused request whose refusal the client cannot display by itself (a global request's failure, an
 * agent or X11 request sent without want-reply): kept on the SSH session, so that the next exec or shell
 * of that connection answers with its one line instead of running as if nothing had been asked.
 */
record ClosedFeatureRequest(ClosedFeature feature, String refusal) {

    private static final AttributeKey<AtomicReference<ClosedFeatureRequest>> KEY = new AttributeKey<>();

    /** Keeps the first refusal: it is the one the engineer's first command reports. */
    static void remember(Session session, ClosedFeatureRequest request) {
        session.computeAttributeIfAbsent(KEY, k -> new AtomicReference<>()).compareAndSet(null, request);
    }

    static Optional<ClosedFeatureRequest> pending(Session session) {
        AtomicReference<ClosedFeatureRequest> held = session.getAttribute(KEY);
        return held == null ? Optional.empty() : Optional.ofNullable(held.get());
    }
}
