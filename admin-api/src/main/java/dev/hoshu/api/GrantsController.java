package dev.hoshu.api;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.AccessService;
import dev.hoshu.api.service.GrantService;
import dev.hoshu.api.service.GrantView;
import dev.hoshu.api.service.IssuedCertificate;
import dev.hoshu.api.service.RefusedException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Grants: the engineer's certificate for a live grant, the lists (own, or the hospital's), revocation by the
 * hospital, and the review of emergency access.
 */
@RestController
@RequestMapping("/api/v1/grants")
public class GrantsController {

    /** {@code {"publicKey": "ssh-ed25519 AAAA… comment"}} */
    record PublicKeyBody(String publicKey) {
    }

    /** {@code {"note": "…"}} */
    record NoteBody(String note) {
    }

    private final AccessService access;
    private final GrantService grants;

    public GrantsController(AccessService access, GrantService grants) {
        this.access = access;
        this.grants = grants;
    }

    @GetMapping
    Mono<List<GrantView>> list(Actor actor, @RequestParam(defaultValue = "false") boolean unreviewed) {
        Roles.require(actor, "listing grants", Roles.ENGINEER, Roles.APPROVER, Roles.AUDITOR, Roles.HOSPITAL_ADMIN);
        return Blocking.call(() -> grants.grants(actor, unreviewed));
    }

    @PostMapping("/{id}/revoke")
    Mono<GrantView> revoke(Actor actor, @PathVariable String id, @RequestBody(required = false) Mono<ReasonBody> body) {
        Roles.require(actor, "revoking a grant", Roles.APPROVER, Roles.HOSPITAL_ADMIN);
        return ReasonBody.reasonOf(body).flatMap(reason -> Blocking.call(() -> grants.revoke(actor, id, reason)));
    }

    @PostMapping("/{id}/review")
    Mono<GrantView> review(Actor actor, @PathVariable String id, @RequestBody(required = false) Mono<NoteBody> body) {
        Roles.require(actor, "reviewing emergency access", Roles.APPROVER);
        return body.map(b -> b.note() == null ? "" : b.note()).defaultIfEmpty("")
                .flatMap(note -> Blocking.call(() -> grants.review(actor, id, note)));
    }

    @PostMapping("/{id}/certificate")
    Mono<IssuedCertificate> certificate(Actor actor, @PathVariable String id,
                                        @RequestBody(required = false) Mono<PublicKeyBody> body) {
        Roles.require(actor, "getting a grant certificate", Roles.ENGINEER);
        return body.mapNotNull(PublicKeyBody::publicKey)
                .filter(key -> !key.isBlank())
                .switchIfEmpty(Mono.error(() -> RefusedException.badRequest("refused: no publicKey given")))
                .flatMap(key -> Blocking.call(() -> access.issueCertificate(actor, id, key)));
    }
}
