package dev.hoshu.api.console;

import java.util.Locale;
import org.springframework.context.i18n.SimpleLocaleContext;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Switches the console's language and remembers the choice; then back to the page the user was on. */
@Controller
public class LanguageSwitch {

    @PostMapping("/console/language")
    Mono<Rendering> choose(ServerWebExchange exchange) {
        return exchange.getFormData().map(form -> {
            String language = form.getFirst("lang");
            if (language != null && ConsoleLanguage.supported(language)) {
                new ConsoleLanguage().setLocaleContext(exchange, new SimpleLocaleContext(Locale.forLanguageTag(language)));
            }
            String back = form.getFirst("back");
            // Only a console page of this broker: never another host or scheme.
            boolean local = back != null && back.matches("/console(/[A-Za-z0-9._~/-]*)?");
            return Rendering.redirectTo(local ? back : "/console/requests").build();
        });
    }
}
