package dev.hoshu.api;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.CaRotationService;
import dev.hoshu.api.service.CaStatus;
import dev.hoshu.api.service.RefusedException;
import java.util.List;

/** The rotation as the HTTP layer's tests need it: steady, with the operator role checked. */
public class FakeCaRotation implements CaRotationService {

    @Override
    public CaStatus status(Actor actor) {
        if (!actor.hasRole("operator")) {
            throw RefusedException.forbidden("denied: reading the device CA status needs the operator role");
        }
        return new CaStatus("steady", new CaStatus.CaView("CN=test CA", "pin", "2036-01-01T00:00:00Z"), null, null,
                List.of("pin"), 0, "start one with: hoshu ca rotate prepare",
                new CaStatus.Progress(1, 0, null, List.of()));
    }

    @Override
    public CaStatus rotate(Actor actor, String step, boolean force) {
        throw RefusedException.conflict("refused: not in this test");
    }
}
