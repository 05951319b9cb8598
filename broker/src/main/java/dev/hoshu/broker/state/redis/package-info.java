/**
 * The state stores that several broker nodes share (requests, grants, locks, the device ledger, join tokens and the
 * directory of live sessions) on Redis through Lettuce, standalone, under Sentinel or as a Cluster, and the
 * pub/sub channel that carries cuts between nodes. Key layout and failure behaviour: docs/scale-out.md.
 */
package dev.hoshu.broker.state.redis;
