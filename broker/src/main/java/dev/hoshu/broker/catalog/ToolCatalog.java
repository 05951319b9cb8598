package dev.hoshu.broker.catalog;

import dev.hoshu.access.Actor;
import dev.hoshu.access.Names;
import dev.hoshu.api.service.NewTool;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.ToolCatalogService;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.AuditUnavailableException;
import dev.hoshu.broker.audit.AuditedAct;
import dev.hoshu.broker.gateway.ToolTrust;
import dev.hoshu.broker.state.HospitalKeyTrustStore;
import dev.hoshu.tools.HospitalKeyTrust;
import java.util.Optional;
import dev.hoshu.broker.state.ToolCatalogStore;
import dev.hoshu.tools.CatalogEntry;
import dev.hoshu.tools.CatalogRules;
import dev.hoshu.tools.SignedManifest;
import dev.hoshu.tools.ToolRefusedException;
import dev.hoshu.tools.ToolVerifier;
import dev.hoshu.tools.TrustedKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes, lists and revokes tool versions. Every publish and revoke leaves one audit event
 * ({@code tool.publish}, {@code tool.revoke}), allowed or refused with the line the user sees.
 */
public final class ToolCatalog implements ToolCatalogService, ToolTrust {

    private static final Logger log = LoggerFactory.getLogger(ToolCatalog.class);

    private final ToolCatalogStore store;
    private final HospitalKeyTrustStore trust;
    private final Path manufacturerKeys;
    private final AuditTrail audit;
    private final Clock clock;

    /** @param manufacturerKeys the folder of manufacturer public keys ({@code *.pem}) a published tool must verify against */
    public ToolCatalog(ToolCatalogStore store, HospitalKeyTrustStore trust, Path manufacturerKeys, AuditTrail audit,
                       Clock clock) {
        this.store = store;
        this.trust = trust;
        this.manufacturerKeys = manufacturerKeys;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public CatalogEntry publish(Actor actor, NewTool tool) {
        AuditedAct act = new AuditedAct(audit, "tool.publish", actor.subject(), actor.organisation());
        return audited(act, () -> {
            if (!(actor.hasRole(CatalogRules.MANUFACTURER) || actor.hasRole(CatalogRules.OPERATOR))) {
                throw RefusedException.forbidden("denied: publishing a tool needs the manufacturer or operator role");
            }
            if (tool == null || tool.manifest() == null || tool.signature() == null) {
                throw RefusedException.badRequest("refused: publishing needs the manifest and its signature");
            }
            SignedManifest signed;
            try {
                signed = new ToolVerifier().verifyManifest(tool.manifest().getBytes(StandardCharsets.UTF_8),
                        tool.signature(), knownKeys());
            } catch (ToolRefusedException e) {
                throw RefusedException.badRequest(e.getMessage());
            }
            act.about(null, CatalogEntry.idOf(signed.manifest().name(), signed.manifest().version()))
                    .detail("keyId", signed.keyId());
            CatalogRules.publishRefusal(actor, signed, store.all()).ifPresent(line -> {
                throw line.startsWith("denied") ? RefusedException.forbidden(line) : RefusedException.conflict(line);
            });
            CatalogEntry entry = CatalogEntry.published(signed, actor.organisation(), actor.subject(), clock.instant());
            act.allow();
            store.insert(entry);
            log.info("tool {} published by {} ({}), signed by {}", entry.id(), actor.subject(), actor.organisation(),
                    entry.keyId());
            return entry;
        });
    }

    @Override
    public List<CatalogEntry> catalog(Actor actor) {
        // Approvers read it for the cautions of the tools they are asked to allow.
        if (actor.hasRole(CatalogRules.OPERATOR) || actor.hasRole("hospital-admin") || actor.hasRole("auditor")
                || actor.hasRole("approver")) {
            return store.all();
        }
        if (actor.hasRole(CatalogRules.MANUFACTURER)) {
            return store.all().stream().filter(entry -> entry.organisation().equals(actor.organisation())).toList();
        }
        throw RefusedException.forbidden(
                "denied: the tool catalog needs the manufacturer, operator, hospital-admin, approver or auditor role");
    }

    @Override
    public CatalogEntry revoke(Actor actor, String name, String version, String reason) {
        String id = CatalogEntry.idOf(Names.printable(String.valueOf(name)), Names.printable(String.valueOf(version)));
        AuditedAct act = new AuditedAct(audit, "tool.revoke", actor.subject(), actor.organisation()).about(null, id);
        return audited(act, () -> {
            CatalogRules.revokeRefusal(actor, store.find(CatalogEntry.idOf(name, version)), name, version, reason)
                    .ifPresent(line -> {
                        throw line.startsWith("denied") ? RefusedException.forbidden(line)
                                : line.startsWith("refused: no published") ? RefusedException.notFound(line)
                                : RefusedException.badRequest(line);
                    });
            String why = CatalogRules.reasonLine(reason);
            act.detail("reason", why);
            act.allow();
            CatalogEntry revoked = store.update(CatalogEntry.idOf(name, version), current -> {
                if (current.revoked()) {
                    throw RefusedException.conflict("refused: tool " + Names.quoted(name) + " version "
                            + Names.printable(version) + " was already revoked by " + current.revokedBy());
                }
                return current.revokedBy(actor.subject(), why, clock.instant());
            }).orElseThrow();
            log.info("tool {} revoked by {}: {}", revoked.id(), actor.subject(), why);
            return revoked;
        });
    }

    /** Asked by the gateway at every session: a revocation holds from the next session on. */
    @Override
    public List<String> revokedVersions(String tool) {
        return CatalogRules.revokedVersions(store.all(), tool);
    }

    @Override
    public Optional<List<String>> trustedKeys(String hospital) {
        return trust.find(hospital).map(HospitalKeyTrust::keyIds);
    }

    @Override
    public List<String> trust(Actor actor, String keyId) {
        return changeTrust(actor, "tool.trust", keyId, (current, key) -> current.with(key, actor.subject(),
                clock.instant()));
    }

    @Override
    public List<String> untrust(Actor actor, String keyId) {
        return changeTrust(actor, "tool.untrust", keyId, (current, key) -> current.without(key, actor.subject(),
                clock.instant()));
    }

    @Override
    public Optional<List<String>> trusted(Actor actor) {
        requireHospitalAdmin(actor, "listing trusted manufacturer keys");
        return trustedKeys(actor.organisation());
    }

    private List<String> changeTrust(Actor actor, String action, String keyId,
                                     java.util.function.BiFunction<HospitalKeyTrust, String, HospitalKeyTrust> change) {
        AuditedAct act = new AuditedAct(audit, action, actor.subject(), actor.organisation())
                .about(actor.organisation(), Names.printable(String.valueOf(keyId)));
        return audited(act, () -> {
            requireHospitalAdmin(actor, "changing trusted manufacturer keys");
            try {
                String key = HospitalKeyTrust.checkedKeyId(keyId);
                HospitalKeyTrust none = new HospitalKeyTrust(actor.organisation(), List.of(), null, null);
                // Validated before the event, stored after it: a refused change leaves the list as it was.
                change.apply(trust.find(actor.organisation()).orElse(none), key);
                act.allow();
                HospitalKeyTrust after = trust.change(actor.organisation(), current -> change.apply(current, key), none);
                log.info("{} by {}: {} now trusts {}", action, actor.subject(), actor.organisation(), after.keyIds());
                return after.keyIds();
            } catch (IllegalArgumentException e) {
                throw RefusedException.badRequest(e.getMessage());
            }
        });
    }

    private static void requireHospitalAdmin(Actor actor, String what) {
        if (!actor.hasRole("hospital-admin")) {
            throw RefusedException.forbidden("denied: " + what + " needs the hospital-admin role");
        }
    }

    private TrustedKeys knownKeys() {
        try {
            return TrustedKeys.load(manufacturerKeys);
        } catch (IOException | RuntimeException e) {
            log.error("cannot load manufacturer keys from {}: {}", manufacturerKeys, e.getMessage());
            throw RefusedException.unavailable("refused: the broker has no usable manufacturer keys ("
                    + manufacturerKeys.getFileName() + "); ask the operator");
        }
    }

    private static <T> T audited(AuditedAct act, Supplier<T> work) {
        try {
            return work.get();
        } catch (AuditUnavailableException unavailable) {
            throw RefusedException.unavailable("refused: " + unavailable.getMessage());
        } catch (RefusedException refusal) {
            try {
                act.refuse(refusal.getMessage());
            } catch (AuditUnavailableException unavailable) {
                throw RefusedException.unavailable("refused: " + unavailable.getMessage());
            }
            throw refusal;
        }
    }
}
