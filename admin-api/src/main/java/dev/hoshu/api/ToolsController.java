package dev.hoshu.api;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.NewTool;
import dev.hoshu.api.service.ToolCatalogService;
import dev.hoshu.tools.CatalogEntry;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The tool catalog: manufacturers publish signed tool versions; they or the operator revoke them. */
@RestController
@RequestMapping("/api/v1/tools")
public class ToolsController {

    private final ToolCatalogService catalog;

    public ToolsController(ToolCatalogService catalog) {
        this.catalog = catalog;
    }

    /** Role checks are the service's: each refusal there is audited ({@code tool.publish}, {@code tool.revoke}). */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<CatalogEntry> publish(Actor actor, @RequestBody Mono<NewTool> body) {
        return body.flatMap(tool -> Blocking.call(() -> catalog.publish(actor, tool)));
    }

    @GetMapping
    Mono<List<CatalogEntry>> list(Actor actor) {
        return Blocking.call(() -> catalog.catalog(actor));
    }

    @GetMapping("/trust")
    Mono<TrustedKeysView> trusted(Actor actor) {
        return Blocking.call(() -> new TrustedKeysView(actor.organisation(), catalog.trusted(actor).orElse(null)));
    }

    @PutMapping("/trust/{keyId}")
    Mono<TrustedKeysView> trust(Actor actor, @PathVariable String keyId) {
        return Blocking.call(() -> new TrustedKeysView(actor.organisation(), catalog.trust(actor, keyId)));
    }

    @DeleteMapping("/trust/{keyId}")
    Mono<TrustedKeysView> untrust(Actor actor, @PathVariable String keyId) {
        return Blocking.call(() -> new TrustedKeysView(actor.organisation(), catalog.untrust(actor, keyId)));
    }

    /** @param keyIds {@code null} when the hospital never listed keys */
    record TrustedKeysView(String hospital, List<String> keyIds) {
    }

    @PostMapping("/{name}/{version}/revoke")
    Mono<CatalogEntry> revoke(Actor actor, @PathVariable String name, @PathVariable String version,
                              @RequestBody(required = false) Mono<ReasonBody> body) {
        return ReasonBody.reasonOf(body).flatMap(reason -> Blocking.call(() -> catalog.revoke(actor, name, version,
                reason)));
    }
}
