package dev.hoshu.cli.login;

import java.net.URI;

import dev.hoshu.cli.http.BrokerCallFailed;
import tools.jackson.databind.JsonNode;

/**
 * An OpenID Connect provider as its {@code .well-known/openid-configuration} describes it. The document must
 * name the very issuer the user gave (OIDC Discovery §4.3), so a redirected or impostor document is refused.
 *
 * @param deviceAuthorizationEndpoint RFC 8628's endpoint, or {@code null} when the provider offers no device flow
 */
public record OidcProvider(URI issuer, URI tokenEndpoint, URI deviceAuthorizationEndpoint) implements IssuerDiscovery {

    static OidcProvider discover(IdentityProviderHttp http, URI issuer) {
        URI document = URI.create(issuer + "/.well-known/openid-configuration");
        IdentityProviderHttp.Answer answer = http.get(document);
        if (!answer.ok()) {
            throw new BrokerCallFailed("login refused: no OpenID Connect discovery document at " + document
                    + " (HTTP " + answer.status() + ")");
        }
        JsonNode json = answer.json();
        String named = json.path("issuer").asString("");
        if (!named.equals(issuer.toString())) {
            throw new BrokerCallFailed("login refused: the discovery document at " + document + " names issuer '"
                    + named + "', not " + issuer);
        }
        URI token = IdentityProviderAddress.endpoint(json.path("token_endpoint").asString(null), "token_endpoint");
        String device = json.path("device_authorization_endpoint").asString(null);
        return new OidcProvider(issuer, token,
                device == null ? null : IdentityProviderAddress.endpoint(device, "device_authorization_endpoint"));
    }

    URI requireDeviceEndpoint() {
        if (deviceAuthorizationEndpoint == null) {
            throw new BrokerCallFailed("login refused: identity provider " + issuer
                    + " offers no device authorization endpoint; use --password-stdin");
        }
        return deviceAuthorizationEndpoint;
    }
}
