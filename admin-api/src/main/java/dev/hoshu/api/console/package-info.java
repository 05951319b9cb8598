/**
 * The hospital console in the browser ({@code /console}): OpenID Connect login (authorization code with PKCE, a
 * session cookie, CSRF on every form), and server-rendered pages for requests, live sessions, the emergency stop,
 * devices, recordings and the audit log. Every page calls the same {@code dev.hoshu.api.service} interfaces with
 * the same role gate as its API twin, acting for the user the access token names, so the browser and the API
 * cannot disagree and every act is audited alike.
 */
package dev.hoshu.api.console;
