package dev.hoshu.api.console;

import dev.hoshu.api.Blocking;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.ResponsibilityService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Who does what for the caller's hospital (REQ-WORK-3): service company, server operator, manufacturer, responsible
 * person in Japan and emergency contacts, as {@code GET /api/v1/responsibilities} shows them to the hospital's staff.
 * Hospital-admins write the sheet with {@code hoshu responsibilities set}.
 */
@Controller
public class ResponsibilitiesPage {

    private final ConsoleActors actors;
    private final ObjectProvider<ResponsibilityService> responsibilities;

    public ResponsibilitiesPage(ConsoleActors actors, ObjectProvider<ResponsibilityService> responsibilities) {
        this.actors = actors;
        this.responsibilities = responsibilities;
    }

    @GetMapping("/console/responsibilities")
    Mono<Rendering> page(ServerWebExchange exchange) {
        return actors.actor(exchange).flatMap(actor -> Blocking.call(() -> {
            ResponsibilityService service = responsibilities.getIfAvailable(() -> {
                throw RefusedException.unavailable("refused: this broker keeps no who-does-what sheets");
            });
            Rendering.Builder<?> page = Rendering.view("console/responsibilities").modelAttribute("actor", actor);
            try {
                return page.modelAttribute("sheet", service.responsibilities(actor)).build();
            } catch (RefusedException e) {
                if (e.status() != RefusedException.Status.NOT_FOUND) {
                    throw e;
                }
                return page.modelAttribute("sheet", null).build();
            }
        }));
    }
}
