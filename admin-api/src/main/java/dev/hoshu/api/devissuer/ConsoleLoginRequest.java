package dev.hoshu.api.devissuer;

import java.net.URI;
import java.util.Optional;
import org.springframework.util.MultiValueMap;

/**
 * One authorization-code request of the console's login, as the development issuer accepts it: only the console's
 * own client, only a redirect back to the console's callback on the issuer's own origin (so the issuer can never be
 * used to send a code elsewhere), and only with a PKCE S256 challenge.
 */
record ConsoleLoginRequest(String clientId, String redirectUri, String state, String codeChallenge, String nonce) {

    /** The console's client id at the development issuer. */
    static final String CLIENT_ID = "hoshu-console";
    static final String CALLBACK_PATH = "/console/login/oauth2/code/hoshu";
    private static final int MAX_PARAMETER = 512;

    /** The request, or a one-line refusal of what is wrong with it. */
    static Result of(MultiValueMap<String, String> parameters, String issuer) {
        if (!"code".equals(parameters.getFirst("response_type"))) {
            return Result.refused("only response_type=code is supported");
        }
        String clientId = parameters.getFirst("client_id");
        if (!CLIENT_ID.equals(clientId)) {
            return Result.refused("unknown client_id: the development issuer serves only " + CLIENT_ID);
        }
        String redirect = parameters.getFirst("redirect_uri");
        if (redirect == null || !redirect.equals(origin(issuer) + CALLBACK_PATH)) {
            return Result.refused("redirect_uri must be " + origin(issuer) + CALLBACK_PATH);
        }
        if (!"S256".equals(parameters.getFirst("code_challenge_method"))) {
            return Result.refused("PKCE with code_challenge_method=S256 is required");
        }
        String challenge = parameters.getFirst("code_challenge");
        if (challenge == null || !challenge.matches("[A-Za-z0-9_-]{43}")) {
            return Result.refused("code_challenge must be a base64url SHA-256 (43 characters)");
        }
        String state = parameters.getFirst("state");
        String nonce = parameters.getFirst("nonce");
        if (tooLong(state) || tooLong(nonce)) {
            return Result.refused("state and nonce may have at most " + MAX_PARAMETER + " characters");
        }
        return new Result(Optional.of(new ConsoleLoginRequest(clientId, redirect, state, challenge, nonce)), null);
    }

    private static boolean tooLong(String value) {
        return value != null && value.length() > MAX_PARAMETER;
    }

    static String origin(String issuer) {
        URI uri = URI.create(issuer);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /** A valid request or why not. */
    record Result(Optional<ConsoleLoginRequest> request, String refusal) {
        static Result refused(String why) {
            return new Result(Optional.empty(), "refused: " + why);
        }
    }
}
