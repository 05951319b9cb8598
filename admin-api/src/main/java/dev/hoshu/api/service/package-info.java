/** The services the HTTP API needs and the broker implements, with their values and refusals. */
package dev.hoshu.api.service;
