/**
 * The quickstart-only development token issuer: demo users, password grant, RS256 tokens. Off unless
 * {@code hoshu.dev-issuer.enabled=true}; never for production.
 */
package dev.hoshu.api.devissuer;
