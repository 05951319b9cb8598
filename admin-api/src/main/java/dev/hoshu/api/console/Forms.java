package dev.hoshu.api.console;

import dev.hoshu.api.service.RefusedException;
import org.springframework.util.MultiValueMap;

/** Reads the fields every acting form has: a reason, and for the irreversible acts a ticked confirmation. */
final class Forms {

    private Forms() {
    }

    /** The reason as typed; whether it is acceptable is the service's decision, as for the API. */
    static String reason(MultiValueMap<String, String> form) {
        String reason = form.getFirst("reason");
        return reason == null ? "" : reason;
    }

    static void confirmed(MultiValueMap<String, String> form, String what) {
        if (!"yes".equals(form.getFirst("confirm"))) {
            throw RefusedException.badRequest("refused: " + what + " needs the confirmation box ticked");
        }
    }
}
