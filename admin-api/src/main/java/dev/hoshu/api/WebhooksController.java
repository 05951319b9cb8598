package dev.hoshu.api;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.DeliveryView;
import dev.hoshu.api.service.NewWebhook;
import dev.hoshu.api.service.RegisteredWebhook;
import dev.hoshu.api.service.WebhookService;
import dev.hoshu.api.service.WebhookView;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A hospital's webhook subscriptions for access notices (REQ-ACC-6), and how their deliveries went. */
@RestController
@RequestMapping("/api/v1/webhooks")
public class WebhooksController {

    private final WebhookService webhooks;

    public WebhooksController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<RegisteredWebhook> register(Actor actor, @RequestBody Mono<NewWebhook> body) {
        Roles.require(actor, "registering a webhook", Roles.HOSPITAL_ADMIN);
        return body.flatMap(asked -> Blocking.call(() -> webhooks.register(actor, asked)));
    }

    @GetMapping
    Mono<List<WebhookView>> list(Actor actor) {
        Roles.require(actor, "listing webhooks", Roles.HOSPITAL_ADMIN);
        return Blocking.call(() -> webhooks.webhooks(actor));
    }

    @DeleteMapping("/{id}")
    Mono<WebhookView> remove(Actor actor, @PathVariable String id) {
        Roles.require(actor, "removing a webhook", Roles.HOSPITAL_ADMIN);
        return Blocking.call(() -> webhooks.remove(actor, id));
    }

    @GetMapping("/{id}/deliveries")
    Mono<List<DeliveryView>> deliveries(Actor actor, @PathVariable String id) {
        Roles.require(actor, "listing webhook deliveries", Roles.HOSPITAL_ADMIN);
        return Blocking.call(() -> webhooks.deliveries(actor, id));
    }
}
