/** {@code hoshu webhooks}: a hospital admin's subscriptions to access notices and how their deliveries went. */
package dev.hoshu.cli.webhooks;
