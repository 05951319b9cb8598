package dev.hoshu.broker.fleet;

import dev.hoshu.broker.pki.BrokerPki;
import dev.hoshu.broker.pki.DeviceCas;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.common.config.keys.KeyUtils;

/**
 * What every node of a fleet must hold alike, by fingerprint: the user CA (an engineer's certificate from one node is
 * checked on another), the device CA (agents pin it; device certificates from one node are admitted on another) and
 * the broker's SSH key inside tunnels (agents pin it at enrollment). The first node to start records them in the
 * shared state; a node whose own differ refuses to start.
 *
 * @param node the node that recorded them (for the refusal's line; not compared)
 */
public record PkiFingerprints(String userCa, String deviceCa, String brokerSsh, String node) {

    public static PkiFingerprints of(BrokerPki pki, String node) {
        return new PkiFingerprints(KeyUtils.getFingerPrint(pki.userCa().getPublic()),
                "SHA256-pin:" + DeviceCas.pin(pki.deviceCa().certificate()),
                KeyUtils.getFingerPrint(pki.brokerSsh().getPublic()), node);
    }

    /**
     * @param fleet what the fleet recorded
     * @return the one-line refusal naming every part that differs, or empty when this node's PKI is the fleet's
     */
    public Optional<String> refusalAgainst(PkiFingerprints fleet) {
        List<String> differs = new ArrayList<>();
        compare("user CA", userCa, fleet.userCa(), differs);
        compare("device CA", deviceCa, fleet.deviceCa(), differs);
        compare("broker SSH key", brokerSsh, fleet.brokerSsh(), differs);
        if (differs.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("refused: node " + node + " cannot join the fleet: its PKI is not the fleet's ("
                + String.join("; ", differs) + "; first recorded by node " + fleet.node() + "); copy the pki folder"
                + " of a running node into this node's data-dir before starting it");
    }

    private static void compare(String part, String here, String fleet, List<String> differs) {
        if (!here.equals(fleet)) {
            differs.add(part + " " + here + " here, " + fleet + " in the fleet");
        }
    }
}
