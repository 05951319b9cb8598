package dev.hoshu.e2e.keycloak;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code hoshu} realm the tests import ({@code keycloak/hoshu-realm.json}), read back so the users' passwords
 * and TOTP secrets have one source: the realm file itself.
 */
public final class HoshuRealm {

    public static final String NAME = "hoshu";
    public static final String RESOURCE = "/keycloak/hoshu-realm.json";
    /** Public client for the CLI: password grant (with OTP) and device flow. */
    public static final String CLI_CLIENT = "hoshu-cli";
    /** Public client whose direct grant asks for the password only: tokens without a second factor. */
    public static final String PASSWORD_ONLY_CLIENT = "hoshu-password-only";
    /** Another application of the hospital: its tokens are for audience {@code pacs}, not {@code hoshu}. */
    public static final String OTHER_AUDIENCE_CLIENT = "pacs-viewer";
    /** Confidential client for the hospital console: authorization code with PKCE, password and TOTP form. */
    public static final String CONSOLE_CLIENT = "hoshu-console";

    private final Map<String, RealmUser> users;
    private final Map<String, String> clientSecrets;

    private HoshuRealm(Map<String, RealmUser> users, Map<String, String> clientSecrets) {
        this.users = users;
        this.clientSecrets = clientSecrets;
    }

    public static HoshuRealm load() {
        try (InputStream in = HoshuRealm.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test class path");
            }
            JsonNode realm = JsonMapper.shared().readTree(in);
            Map<String, RealmUser> users = new LinkedHashMap<>();
            for (JsonNode user : realm.path("users")) {
                String password = null;
                String secret = null;
                for (JsonNode credential : user.path("credentials")) {
                    switch (credential.path("type").asString("")) {
                        case "password" -> password = credential.path("value").asString();
                        case "otp" -> secret = JsonMapper.shared().readTree(credential.path("secretData").asString())
                                .path("value").asString();
                        default -> { }
                    }
                }
                String username = user.path("username").asString();
                users.put(username, new RealmUser(username, password, secret,
                        user.path("attributes").path("org").path(0).asString(null)));
            }
            Map<String, String> secrets = new LinkedHashMap<>();
            for (JsonNode client : realm.path("clients")) {
                if (client.hasNonNull("secret")) {
                    secrets.put(client.path("clientId").asString(), client.path("secret").asString());
                }
            }
            return new HoshuRealm(Map.copyOf(users), Map.copyOf(secrets));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The secret of a confidential client, as the realm file gives it to Keycloak. */
    public String clientSecret(String clientId) {
        String secret = clientSecrets.get(clientId);
        if (secret == null) {
            throw new IllegalArgumentException("no confidential client " + clientId + " in " + RESOURCE);
        }
        return secret;
    }

    public RealmUser user(String username) {
        RealmUser user = users.get(username);
        if (user == null) {
            throw new IllegalArgumentException("no user " + username + " in " + RESOURCE);
        }
        return user;
    }
}
