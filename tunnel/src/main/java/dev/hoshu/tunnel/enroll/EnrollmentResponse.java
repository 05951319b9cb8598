package dev.hoshu.tunnel.enroll;

/**
 * What the broker answers: who the device is, its certificate chain and the CA (both PEM), and the
 * broker's SSH public key (one OpenSSH line) that the agent will accept inside the tunnel.
 */
public record EnrollmentResponse(String deviceId, String hospital, String certificateChain, String caCertificate,
        String brokerSshKey) {
}
