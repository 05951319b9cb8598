package dev.hoshu.api.devissuer;

import com.nimbusds.jose.JOSEException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import java.util.List;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Switches the development issuer on ({@code hoshu.dev-issuer.enabled=true}, the quickstart profile only). The
 * API then trusts its tokens through an in-process decoder (same key, issuer and audience checked), so the broker never has
 * to call itself over HTTP to fetch its own JWK set.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "hoshu.dev-issuer", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(DevIssuerProperties.class)
@Import({DevIssuerController.class, DevLoginController.class})
public class DevIssuerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DevIssuerConfiguration.class);

    @Bean
    DevTokens devTokens(DevIssuerProperties properties) {
        log.warn("development token issuer is ON at {} with {} demo users: quickstart only, never in production",
                properties.issuer(), properties.users().size());
        return new DevTokens(DevIssuerKey.loadOrCreate(properties.keyFile()), properties, Clock.systemUTC());
    }

    @Bean
    AuthorizationCodes devIssuerAuthorizationCodes() {
        return new AuthorizationCodes(Clock.systemUTC());
    }

    /**
     * The console's OpenID Connect client at the development issuer (public client, PKCE). A real deployment
     * configures {@code spring.security.oauth2.client.registration.hoshu.*} for the hospital's identity provider instead.
     */
    @Bean
    ReactiveClientRegistrationRepository devIssuerConsoleClient(DevTokens tokens) {
        return new InMemoryReactiveClientRegistrationRepository(ClientRegistration.withRegistrationId("hoshu")
                .clientId(ConsoleLoginRequest.CLIENT_ID)
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}" + ConsoleLoginRequest.CALLBACK_PATH)
                .scope("openid")
                .authorizationUri(tokens.issuer() + "/authorize")
                .tokenUri(tokens.issuer() + "/token")
                .jwkSetUri(tokens.issuer() + "/jwks")
                .issuerUri(tokens.issuer())
                .userNameAttributeName("sub")
                .clientName("Hoshu development issuer")
                .build());
    }

    @Bean
    ReactiveJwtDecoder devIssuerJwtDecoder(DevTokens tokens) throws JOSEException {
        RSAPublicKey key = tokens.key().toRSAPublicKey();
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withPublicKey(key)
                .signatureAlgorithm(SignatureAlgorithm.RS256).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(tokens.issuer()),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        audience -> audience != null && audience.contains(DevTokens.AUDIENCE))));
        return decoder;
    }
}
