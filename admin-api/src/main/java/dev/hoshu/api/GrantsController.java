package dev.hoshu.api;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.AccessService;
import dev.hoshu.api.service.IssuedCertificate;
import dev.hoshu.api.service.RefusedException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Grant certificates: the grant's engineer gets their SSH key signed for the grant's window. */
@RestController
@RequestMapping("/api/v1/grants")
public class GrantsController {

    /** {@code {"publicKey": "ssh-ed25519 AAAA… comment"}} */
    record PublicKeyBody(String publicKey) {
    }

    private final AccessService access;

    public GrantsController(AccessService access) {
        this.access = access;
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
