/**
 * A fleet of broker nodes sharing one state: which node holds which live session ({@link SessionDirectory}), the
 * bus that carries cuts between nodes ({@link CutBus}), the live sessions of the whole fleet as the API and the locks
 * see them ({@link FleetSessions}), and the listener that applies another node's cuts to this node's sessions
 * ({@link FleetCuts}). A single node with the file store needs none of it.
 */
package dev.hoshu.broker.fleet;
