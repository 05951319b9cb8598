/** Who may reach the HTTP API at all: bearer JWTs on every API call, nothing else open but health. */
package dev.hoshu.api.security;
