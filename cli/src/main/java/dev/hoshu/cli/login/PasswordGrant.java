package dev.hoshu.cli.login;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.hoshu.cli.http.BrokerCallFailed;
import dev.hoshu.cli.http.BrokerClient;
import tools.jackson.databind.JsonNode;

/** The OAuth 2 resource-owner password grant, which only the development issuer offers. */
public final class PasswordGrant {

    static final String CLIENT_ID = "hoshu-cli";

    private final BrokerClient client;
    private final IssuerDiscovery issuer;

    public PasswordGrant(BrokerClient client, IssuerDiscovery issuer) {
        this.client = client;
        this.issuer = issuer;
    }

    public IssuedToken signIn(String user, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("username", user);
        form.put("password", password);
        form.put("client_id", CLIENT_ID);
        JsonNode answer = client.postToken(issuer.tokenEndpoint(), form);
        String token = answer.path("access_token").asString(null);
        long expiresIn = answer.path("expires_in").asLong(0);
        if (token == null || token.isBlank() || expiresIn <= 0) {
            throw new BrokerCallFailed("login refused: the issuer's answer has no usable access_token/expires_in");
        }
        return new IssuedToken(token, expiresIn);
    }
}
