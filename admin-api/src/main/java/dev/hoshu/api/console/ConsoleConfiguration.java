package dev.hoshu.api.console;

import dev.hoshu.api.identity.JwtActors;
import dev.hoshu.api.service.AccountService;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.http.CacheControl;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.config.ResourceHandlerRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.server.i18n.LocaleContextResolver;

/**
 * The console: its security chain, pages, texts in Japanese and English ({@code console/messages*.properties}), the
 * hospital's time zone ({@code hoshu.console.time-zone}, Asia/Tokyo by default) and its static files under
 * {@code /console/assets/} (its own script and style, htmx from its WebJar).
 */
@Configuration(proxyBeanMethods = false)
@Import({ConsoleSecurityConfiguration.class, ConsoleAdvice.class, RequestsPage.class, SessionsPage.class,
        EmergencyStopPage.class, DevicesPage.class, RecordingsPage.class, AuditPage.class, ResponsibilitiesPage.class,
        LanguageSwitch.class})
public class ConsoleConfiguration {

    @Bean
    ConsoleActors consoleActors(ObjectProvider<ReactiveJwtDecoder> decoders, JwtActors actors,
                                ObjectProvider<AccountService> accounts) {
        return new ConsoleActors(decoders, actors, accounts);
    }

    @Bean
    ConsoleTime consoleTime(@Value("${hoshu.console.time-zone:Asia/Tokyo}") String zone) {
        return new ConsoleTime(ZoneId.of(zone));
    }

    /** The application's message source: the broker has no other texts to translate. */
    @Bean
    MessageSource messageSource() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasenames("console/messages");
        messages.setDefaultEncoding(StandardCharsets.UTF_8.name());
        // English is the bundle without a suffix; the server's own locale must not choose the language.
        messages.setFallbackToSystemLocale(false);
        return messages;
    }

    /** Named so that it replaces WebFlux's Accept-Language-only resolver. */
    @Bean(name = "localeContextResolver")
    LocaleContextResolver localeContextResolver() {
        return new ConsoleLanguage();
    }

    @Bean
    WebFluxConfigurer consoleAssets() {
        return new WebFluxConfigurer() {
            @Override
            public void addResourceHandlers(ResourceHandlerRegistry registry) {
                registry.addResourceHandler("/console/assets/**")
                        .addResourceLocations("classpath:/console-assets/", "classpath:/META-INF/resources/webjars/")
                        .setCacheControl(CacheControl.noCache());
            }
        };
    }
}
