/** Who may reach the HTTP API at all: bearer JWTs on every API call, health open, metrics to scrapers' networks. */
package dev.hoshu.api.security;
