package dev.hoshu.api.console;

import java.util.Map;

/**
 * The API call each console act stands for, so that a refusal in the browser reaches the audit log under the same
 * action and hospital as the same refusal on the API ({@code request.approve}, {@code session.kill}, …).
 */
final class ApiTwins {

    /** An API call as its method and path pattern. */
    record Call(String method, String pattern) {
    }

    private static final Map<String, Call> TWINS = Map.ofEntries(
            Map.entry("GET /console/requests", new Call("GET", "/api/v1/requests")),
            Map.entry("POST /console/requests/{id}/approve", new Call("POST", "/api/v1/requests/{id}/approve")),
            Map.entry("POST /console/requests/{id}/deny", new Call("POST", "/api/v1/requests/{id}/deny")),
            Map.entry("GET /console/sessions", new Call("GET", "/api/v1/sessions")),
            Map.entry("GET /console/sessions/{id}", new Call("GET", "/api/v1/sessions/{id}")),
            Map.entry("POST /console/sessions/{id}/kill", new Call("POST", "/api/v1/sessions/{id}/kill")),
            Map.entry("GET /console/emergency", new Call("GET", "/api/v1/locks")),
            Map.entry("POST /console/emergency", new Call("POST", "/api/v1/locks")),
            Map.entry("POST /console/devices/{id}/lock", new Call("POST", "/api/v1/locks")),
            Map.entry("POST /console/locks/{id}/unlock", new Call("DELETE", "/api/v1/locks/{id}")),
            Map.entry("GET /console/devices", new Call("GET", "/api/v1/devices")));

    private ApiTwins() {
    }

    /** The API twin of a console call, or the console call itself when it has none. */
    static Call of(String method, String pattern) {
        return TWINS.getOrDefault(method + " " + pattern, new Call(method, pattern));
    }
}
