package dev.hoshu.broker.access;

import dev.hoshu.access.AccessRequest;
import dev.hoshu.access.Actor;
import dev.hoshu.access.Grant;
import dev.hoshu.access.MultiFactor;
import dev.hoshu.access.Names;
import dev.hoshu.access.RequestRules;
import dev.hoshu.api.service.GrantService;
import dev.hoshu.api.service.GrantView;
import dev.hoshu.api.service.NewEmergency;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.killswitch.LiveSessions;
import dev.hoshu.broker.locks.ActiveLocks;
import dev.hoshu.broker.locks.LockedSubject;
import dev.hoshu.broker.notify.AccessNotice;
import dev.hoshu.broker.notify.AccessNotifier;
import dev.hoshu.broker.state.Device;
import dev.hoshu.broker.state.DeviceStore;
import dev.hoshu.broker.state.GrantReview;
import dev.hoshu.broker.state.GrantReviewStore;
import dev.hoshu.broker.state.GrantStore;
import dev.hoshu.broker.state.Ids;
import dev.hoshu.broker.state.StateUnavailableException;
import dev.hoshu.hospitalpolicy.PolicyRules;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grants once they exist: who sees which, revocation by the hospital (its live sessions end the way a kill ends
 * them), and emergency access, opened without approval where the hospital's policy allows it and reviewed after.
 */
public final class Grants implements GrantService {

    private static final Logger log = LoggerFactory.getLogger(Grants.class);

    private final GrantStore grants;
    private final GrantReviewStore reviews;
    private final DeviceStore devices;
    private final LiveSessions live;
    private final ActiveLocks locks;
    private final HospitalTerms terms;
    private final MultiFactor multiFactor;
    private final AccessAudit audit;
    private final AccessNotifier notifier;
    private final Clock clock;

    public Grants(GrantStore grants, GrantReviewStore reviews, DeviceStore devices, LiveSessions live,
                  ActiveLocks locks, HospitalTerms terms, MultiFactor multiFactor, AuditTrail audit,
                  AccessNotifier notifier, Clock clock) {
        this.grants = grants;
        this.reviews = reviews;
        this.devices = devices;
        this.live = live;
        this.locks = locks;
        this.terms = terms;
        this.multiFactor = multiFactor;
        this.audit = new AccessAudit(audit);
        this.notifier = notifier;
        this.clock = clock;
    }

    @Override
    public List<GrantView> grants(Actor actor, boolean unreviewedEmergenciesOnly) {
        return grants.all().stream()
                .filter(grant -> visibleTo(grant, actor))
                .map(grant -> view(grant, List.of()))
                .filter(view -> !unreviewedEmergenciesOnly || (view.grant().emergency() && view.reviewedAt() == null))
                .sorted(Comparator.comparing((GrantView view) -> view.grant().notBefore()).reversed())
                .toList();
    }

    @Override
    public GrantView revoke(Actor actor, String grantId, String reason) {
        return audit.run("grant.revoke", actor, act -> {
            act.about(null, Names.printable(grantId));
            Refusals.requireRole(actor, "revoking a grant", "approver", "hospital-admin");
            Grant grant = ownHospitals(actor, grantId);
            act.about(grant.hospital(), grant.id()).detail("engineer", grant.engineer()).detail("device", grant.device());
            if (grant.revokedAt() != null) {
                throw RefusedException.conflict("refused: grant " + grant.id() + " was already revoked: "
                        + grant.revokedReason());
            }
            if (!now().isBefore(grant.notAfter())) {
                throw RefusedException.conflict("refused: grant " + grant.id() + " already ended");
            }
            String why = requiredLine(reason, "revoking a grant", "reason");
            act.detail("reason", why).allow();
            StateUnavailableException notSaved = null;
            try {
                grants.revoke(grant.id(), "revoked by " + actor.subject() + ": " + why);
            } catch (StateUnavailableException away) {
                // Cutting never waits for the shared state: the sessions end below all the same (ADR 35).
                notSaved = away;
            }
            // The same path as a kill or a lock: engineer told, channel closed, tool stopped, recording closed.
            List<String> ended = live.list().stream().filter(session -> grant.id().equals(session.grantId()))
                    .map(LiveSession::id)
                    .filter(id -> live.kill(id, why + " (grant " + grant.id() + " revoked)", actor.subject()))
                    .toList();
            if (notSaved != null) {
                throw RefusedException.unavailable("failed: grant " + grant.id() + " is not revoked in the shared state ("
                        + notSaved.getMessage() + "); its sessions on this node ended (" + ended.size()
                        + "), another node may still admit it: revoke it again");
            }
            log.info("grant {} revoked by {}: {}; sessions ended: {}", grant.id(), actor.subject(), why, ended);
            notifier.publish(new AccessNotice("grant.revoked", grant.hospital(), grant.requestId(), grant.id(),
                    grant.engineer(), grant.device(), String.valueOf(grant.category()), actor.subject(), why, now()));
            return view(grants.find(grant.id()).orElse(grant), ended);
        });
    }

    @Override
    public GrantView review(Actor actor, String grantId, String note) {
        return audit.run("grant.review", actor, act -> {
            act.about(null, Names.printable(grantId));
            Refusals.requireRole(actor, "reviewing emergency access", "approver");
            Grant grant = ownHospitals(actor, grantId);
            act.about(grant.hospital(), grant.id()).detail("engineer", grant.engineer());
            if (!grant.emergency()) {
                throw RefusedException.conflict("refused: grant " + grant.id()
                        + " was approved beforehand; only emergency access is reviewed");
            }
            Optional<GrantReview> earlier = reviews.find(grant.id());
            if (earlier.isPresent()) {
                throw RefusedException.conflict("refused: grant " + grant.id() + " was already reviewed by "
                        + earlier.get().reviewedBy());
            }
            String why = requiredLine(note, "a review", "note");
            act.detail("note", why).allow();
            reviews.insert(new GrantReview(grant.id(), grant.hospital(), actor.subject(), now(), why));
            log.info("emergency grant {} reviewed by {}: {}", grant.id(), actor.subject(), why);
            return view(grant, List.of());
        });
    }

    @Override
    public GrantView openEmergency(Actor engineer, NewEmergency asked) {
        return audit.run("grant.emergency", engineer, act -> {
            Refusals.requireRole(engineer, "opening emergency access", "engineer");
            if (asked == null) {
                throw RefusedException.badRequest("refused: no emergency access given");
            }
            act.about(null, Names.printable(asked.device()));
            Refusals.check(RequestRules.validateNew(engineer, asked.device(), asked.category(), asked.tools(),
                    asked.reason(), asked.durationMinutes()), RefusedException.Status.BAD_REQUEST);
            Refusals.check(multiFactor.check(engineer, "opening emergency access"), RefusedException.Status.FORBIDDEN);
            Device device = devices.find(asked.device())
                    .orElseThrow(() -> RefusedException.notFound("unknown device " + asked.device()));
            act.about(device.hospital(), null).detail("device", device.id());
            Instant now = now();
            String grantId = Ids.next("g-");
            act.about(device.hospital(), grantId).detail("device", device.id())
                    .detail("category", String.valueOf(asked.category())).detail("tools", String.join(",", asked.tools()))
                    .detail("minutes", Integer.toString(asked.durationMinutes())).detail("reason", asked.reason());
            HospitalTerms.PolicyInForce policy = terms.policy(device.hospital());
            act.detail("policyVersion", Integer.toString(policy.version()));
            Refusals.check(PolicyRules.mayOpenEmergency(policy.policy(), asked.category(), asked.tools(),
                    asked.durationMinutes()), RefusedException.Status.FORBIDDEN);
            AccessRequest asRequest = AccessRequest.pending(grantId, engineer, device.hospital(), device.id(),
                    asked.category(), asked.tools(), asked.reason(), asked.durationMinutes(), now);
            Refusals.check(PolicyRules.mayAsk(policy.policy(), asRequest), RefusedException.Status.FORBIDDEN);
            Refusals.check(terms.contractsCover(asRequest, now), RefusedException.Status.FORBIDDEN);
            Refusals.requireNotSwitchedOff(device);
            Optional<String> locked = locks.refusal(new LockedSubject(null, device.id(), engineer.subject(),
                    engineer.organisation(), device.hospital()));
            if (locked.isPresent()) {
                throw RefusedException.forbidden(locked.get());
            }
            Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS);
            Grant grant = new Grant(grantId, null, engineer.subject(), engineer.organisation(), device.hospital(),
                    device.id(), asked.category(), asked.tools(), notBefore,
                    notBefore.plus(asked.durationMinutes(), ChronoUnit.MINUTES), List.of(), null, null, false,
                    PolicyRules.observerRequired(policy.policy(), asked.category()), true);
            act.allow();
            grants.insert(grant);
            log.warn("EMERGENCY grant {} opened by {} ({}) on {} of {}: {} {} — {}", grant.id(), engineer.subject(),
                    engineer.organisation(), device.id(), device.hospital(), grant.category(), grant.tools(),
                    asked.reason());
            notifier.publish(new AccessNotice("emergency.opened", grant.hospital(), null, grant.id(),
                    grant.engineer(), grant.device(), String.valueOf(grant.category()), engineer.subject(),
                    Refusals.reasonLine(asked.reason()), now));
            return view(grant, List.of());
        });
    }

    /** Another hospital's grant is answered like an unknown one: its id says nothing to them. */
    private Grant ownHospitals(Actor actor, String grantId) {
        return grants.find(grantId).filter(grant -> grant.hospital().equals(actor.organisation()))
                .orElseThrow(() -> RefusedException.notFound("unknown grant " + Names.printable(grantId)));
    }

    private GrantView view(Grant grant, List<String> ended) {
        Optional<GrantReview> review = reviews.find(grant.id());
        return new GrantView(grant, review.map(GrantReview::reviewedBy).orElse(null),
                review.map(GrantReview::reviewedAt).orElse(null), review.map(GrantReview::note).orElse(null), ended);
    }

    private static boolean visibleTo(Grant grant, Actor actor) {
        boolean own = actor.hasRole("engineer") && grant.engineer().equals(actor.subject())
                && grant.company().equals(actor.organisation());
        boolean hospital = (actor.hasRole("approver") || actor.hasRole("auditor") || actor.hasRole("hospital-admin"))
                && grant.hospital().equals(actor.organisation());
        return own || hospital;
    }

    private static String requiredLine(String text, String what, String noun) {
        if (text == null || text.isBlank()) {
            throw RefusedException.badRequest("refused: " + what + " needs a " + noun);
        }
        return Refusals.reasonLine(text);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
