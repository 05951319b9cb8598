package dev.hoshu.tunnel.enroll;

/** The broker's side of enrollment: checks the join token and signs the CSR. */
public interface EnrollmentAuthority {

    /**
     * Called off the network threads, so it may touch disk.
     *
     * @throws EnrollmentRefusedException with the one line the agent will show its operator
     */
    EnrollmentResponse enroll(EnrollmentRequest request) throws EnrollmentRefusedException;
}
