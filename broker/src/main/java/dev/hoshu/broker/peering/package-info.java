/**
 * Proxy peering between the nodes of a fleet: which node holds which device's tunnel ({@link TunnelDirectory}, kept
 * by {@link TunnelRegistrar}), the mutual-TLS peer link between nodes ({@link PeerServer}, {@link PeerLinks}, node
 * certificates of the fleet's device CA: {@link NodeCertificates}), and the routing that lets the engineer's node
 * open a device channel on a tunnel another node holds ({@link PeerRouting}, relayed there by
 * {@link PeerRelayCommand}). Recording, grant checks and audit stay on the engineer's node. A single node with the
 * file store routes only to its own tunnels ({@link DeviceRoutes#localOnly}).
 */
package dev.hoshu.broker.peering;
