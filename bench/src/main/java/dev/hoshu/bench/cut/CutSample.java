package dev.hoshu.bench.cut;

/**
 * One cut, in milliseconds from just before the API call was sent.
 *
 * @param how          {@code kill} ({@code POST /sessions/{id}/kill}) or {@code lock} ({@code POST /locks} on the
 *                     session)
 * @param apiMs        until the API answered
 * @param sshClosedMs  until the engineer's {@code ssh} exited
 * @param treeGoneMs   until no process of the tool's tree was left running in /proc
 * @param processes    how many processes the tool's tree had
 * @param node         {@code same}: the call went to the node relaying the session; {@code across}: to another node
 *                     of the fleet
 */
record CutSample(String how, double apiMs, double sshClosedMs, double treeGoneMs, int processes, String node) {
}
