package dev.hoshu.cli.login;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import dev.hoshu.cli.http.BrokerCallFailed;

/**
 * The OAuth 2 resource-owner password grant against an OpenID Connect provider, for automation and tests
 * (ADR 0013): a person at a terminal uses the device flow. The one-time code travels as {@code totp}, the
 * parameter Keycloak's direct-grant OTP step reads; a provider without such a step refuses or ignores it, and
 * then the token carries no second factor and the broker treats it so.
 */
final class ResourceOwnerPasswordGrant {

    private static final Pattern ONE_TIME_CODE = Pattern.compile("[0-9]{6,8}");

    private final IdentityProviderHttp http;
    private final OidcProvider provider;
    private final String clientId;

    ResourceOwnerPasswordGrant(IdentityProviderHttp http, OidcProvider provider, String clientId) {
        this.http = http;
        this.provider = provider;
        this.clientId = clientId;
    }

    /** @param oneTimeCode the current code of the user's authenticator, or {@code null} */
    IssuedToken signIn(String user, String password, String oneTimeCode) {
        if (oneTimeCode != null && !ONE_TIME_CODE.matcher(oneTimeCode).matches()) {
            throw new BrokerCallFailed("refused: --otp must be the 6 to 8 digits your authenticator shows");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        form.put("username", user);
        form.put("password", password);
        form.put("scope", "openid");
        if (oneTimeCode != null) {
            form.put("totp", oneTimeCode);
        }
        IdentityProviderHttp.Answer answer = http.postForm(provider.tokenEndpoint(), form);
        if (!answer.ok()) {
            String why = answer.explanation();
            if ("invalid_grant".equals(answer.error())) {
                why = "wrong user name, password or one-time code (" + why + ")";
            }
            throw new BrokerCallFailed("login refused by " + provider.issuer() + ": " + why);
        }
        return TokenAnswers.accessToken(answer);
    }
}
