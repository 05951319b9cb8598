package dev.hoshu.access;

import java.util.List;

/** What a new access request must look like before anyone is asked to approve it. */
public final class RequestRules {

    public static final int MAX_REASON_CHARS = 500;
    /** The longest window the skeleton allows; hospital policy may shorten it later. */
    public static final int MAX_DURATION_MINUTES = 480;
    public static final int MAX_TOOLS = 32;

    private RequestRules() {
    }

    public static Decision validateNew(Actor engineer, String device, Category category, List<String> tools,
                                       String reason, int durationMinutes) {
        if (engineer == null || !engineer.hasRole("engineer")) {
            return Decision.refuse("denied: asking for access needs the engineer role");
        }
        if (!Names.isDeviceId(device)) {
            return Decision.refuse("denied: device id " + Names.quoted(device) + " is not valid");
        }
        if (category == null) {
            return Decision.refuse("denied: a category is required (MONITOR, MAINTENANCE or REPAIR)");
        }
        if (tools == null || tools.isEmpty()) {
            return Decision.refuse("denied: name at least one tool");
        }
        if (tools.size() > MAX_TOOLS) {
            return Decision.refuse("denied: at most " + MAX_TOOLS + " tools per request, not " + tools.size());
        }
        for (String tool : tools) {
            if (!Names.isToolName(tool)) {
                return Decision.refuse("denied: tool name " + Names.quoted(tool) + " is not valid");
            }
        }
        if (reason == null || reason.isBlank()) {
            return Decision.refuse("denied: a reason is required");
        }
        if (reason.length() > MAX_REASON_CHARS) {
            return Decision.refuse("denied: reason is longer than " + MAX_REASON_CHARS + " characters");
        }
        if (durationMinutes < 1 || durationMinutes > MAX_DURATION_MINUTES) {
            return Decision.refuse("denied: duration must be 1 to " + MAX_DURATION_MINUTES + " minutes, not "
                    + durationMinutes);
        }
        return Decision.allow();
    }
}
