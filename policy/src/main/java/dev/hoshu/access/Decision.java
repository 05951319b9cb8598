package dev.hoshu.access;

/**
 * The answer to "may this happen?": either allowed, or refused with a one-line reason that is shown
 * to the user as is (for example {@code denied: grant g-42 ended at 10:00 JST}).
 */
public record Decision(boolean allowed, String reason) {

    private static final Decision ALLOW = new Decision(true, "allowed");

    public static Decision allow() {
        return ALLOW;
    }

    public static Decision refuse(String reason) {
        return new Decision(false, reason);
    }

    public boolean refused() {
        return !allowed;
    }
}
