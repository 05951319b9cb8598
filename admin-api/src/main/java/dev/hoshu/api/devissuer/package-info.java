/**
 * The quickstart-only development token issuer: demo users, password grant, RS256 tokens, and the console's
 * login (authorization code with PKCE, a plain login form, one-use codes). Off unless
 * {@code hoshu.dev-issuer.enabled=true}; never for production.
 */
package dev.hoshu.api.devissuer;
