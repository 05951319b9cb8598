package dev.hoshu.bench.fleet;

/** One broker node of the fleet as the bench reaches it on 127.0.0.1. */
record FleetNode(String name, int httpPort, int sshPort, int tunnelPort) {
}
