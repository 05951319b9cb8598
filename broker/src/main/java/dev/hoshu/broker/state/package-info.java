/**
 * The broker's embedded state (requests, grants, devices, join tokens, locks, organisations, contracts, every version
 * of every hospital policy, emergency-grant reviews) as atomically written JSON files, and the store interfaces; the
 * ones a fleet of nodes shares have Redis implementations in {@code state.redis}.
 */
package dev.hoshu.broker.state;
