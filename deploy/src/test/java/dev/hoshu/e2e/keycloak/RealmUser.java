package dev.hoshu.e2e.keycloak;

/** A user of the test realm: what they type to sign in, and the secret behind their authenticator app. */
public record RealmUser(String username, String password, String otpSecret, String org) {
}
