package dev.hoshu.tunnel.enroll;

/** The refusal frame, {@code {"error":"one line"}}. */
record EnrollmentError(String error) {
}
