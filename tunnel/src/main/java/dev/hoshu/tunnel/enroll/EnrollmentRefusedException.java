package dev.hoshu.tunnel.enroll;

/** Enrollment was refused; the message is one line meant for the person enrolling the device. */
public class EnrollmentRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    public EnrollmentRefusedException(String message) {
        super(oneLine(message));
    }

    /** A hostile or careless peer must not be able to forge extra lines in our output. */
    static String oneLine(String message) {
        String text = message == null || message.isBlank() ? "no reason given" : message;
        text = text.replaceAll("\\p{Cntrl}", " ").strip();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
