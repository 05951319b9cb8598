package dev.hoshu.api.service;

import dev.hoshu.access.Actor;
import java.util.Map;

/**
 * Hears the API's coarse role refusals, which happen before any service is called, so that they reach the
 * audit log like every other refusal. Optional: without such a bean the refusals are answered all the same.
 */
public interface RoleRefusalAudit {

    /**
     * @param pathPattern   the matched route, e.g. {@code /api/v1/requests/{id}/approve}
     * @param pathVariables its variables as sent (attacker-chosen text)
     * @throws RefusedException with {@code UNAVAILABLE} when the refusal cannot be recorded
     */
    void roleRefused(Actor actor, String method, String pathPattern, Map<String, String> pathVariables, String refusal);
}
