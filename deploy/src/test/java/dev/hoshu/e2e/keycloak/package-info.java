/**
 * A real OpenID Connect provider for the end-to-end tests: Keycloak from the build's unpacked distribution,
 * started on loopback with the {@code hoshu} realm (users with TOTP second factors, the CLI's clients, the
 * {@code aud}/{@code org}/{@code roles}/{@code amr} mappers), and the one-time codes its users type.
 */
package dev.hoshu.e2e.keycloak;
