/**
 * The broker's embedded state (requests, grants, devices, join tokens, locks, organisations, contracts, every version
 * of every hospital policy, emergency-grant reviews) as JSON files, each a snapshot followed by one fsynced line per
 * change and compacted atomically (docs/state-files.md), and the store interfaces; the ones a fleet of nodes shares
 * have Redis implementations in {@code state.redis}.
 */
package dev.hoshu.broker.state;
