package dev.hoshu.api;

import dev.hoshu.api.console.ConsoleConfiguration;
import dev.hoshu.api.devissuer.DevIssuerConfiguration;
import dev.hoshu.api.identity.ActorArgumentResolver;
import dev.hoshu.api.identity.IdentityClaims;
import dev.hoshu.api.identity.JwtActors;
import dev.hoshu.api.security.ApiSecurityConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/**
 * The whole HTTP API, for an application to {@code @Import}: controllers, JWT security, actor resolution and
 * (only when {@code hoshu.dev-issuer.enabled=true}) the development token issuer. The application supplies the
 * {@code AccessService}, {@code SessionService}, {@code EnrollmentService}, {@code RecordingService},
 * {@code LockService}, {@code AuditService}, {@code GrantService}, {@code OrganisationService} and {@code PolicyService}
 * beans.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentityClaims.class)
@Import({ApiSecurityConfiguration.class, DevIssuerConfiguration.class, ApiErrors.class,
        RequestsController.class, GrantsController.class, SessionsController.class, DevicesController.class,
        RecordingsController.class, LocksController.class, AuditController.class, CaRotationController.class,
        EmergencyController.class, OrganisationsController.class, PoliciesController.class, ToolsController.class,
        ConsoleConfiguration.class})
public class AdminApiConfiguration {

    @Bean
    JwtActors jwtActors(IdentityClaims claims) {
        return new JwtActors(claims);
    }

    @Bean
    WebFluxConfigurer actorParameters(JwtActors actors) {
        return new WebFluxConfigurer() {
            @Override
            public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
                configurer.addCustomResolver(new ActorArgumentResolver(actors));
            }
        };
    }
}
