/**
 * The broker's embedded state (requests, grants, devices, join tokens, locks, organisations, contracts, every version
 * of every hospital policy, emergency-grant reviews) as atomically written JSON files.
 */
package dev.hoshu.broker.state;
