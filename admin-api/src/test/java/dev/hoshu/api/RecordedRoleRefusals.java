package dev.hoshu.api;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.RoleRefusalAudit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/** Remembers the role refusals the API reported, as "subject METHOD pattern variables: refusal". */
@Component
public class RecordedRoleRefusals implements RoleRefusalAudit {

    final List<String> heard = new CopyOnWriteArrayList<>();

    @Override
    public void roleRefused(Actor actor, String method, String pathPattern, Map<String, String> pathVariables,
                            String refusal) {
        heard.add(actor.subject() + " " + method + " " + pathPattern + " " + pathVariables + ": " + refusal);
    }
}
