package dev.hoshu.tunnel.enroll;

import java.net.SocketAddress;

/** The broker's side of enrollment: checks the join token and signs the CSR. */
public interface EnrollmentAuthority {

    /**
     * Called off the network threads, so it may touch disk.
     *
     * @throws EnrollmentRefusedException with the one line the agent will show its operator
     */
    EnrollmentResponse enroll(EnrollmentRequest request) throws EnrollmentRefusedException;

    /**
     * Told when an enrollment was refused before it reached {@link #enroll}: an oversized, malformed or
     * incomplete frame, or none in time. Called off the network threads, so it may touch disk.
     */
    default void refusedEarly(SocketAddress from, String reason) {
    }
}
