package dev.hoshu.api.service;

import dev.hoshu.access.Actor;
import dev.hoshu.org.MaintenanceContract;
import dev.hoshu.org.Organisation;
import dev.hoshu.org.ToolContract;
import java.util.List;

/**
 * Organisations and their contracts (ADR 0010): the platform operator registers organisations and, on a
 * manufacturer's written word, tool contracts; a hospital admin registers the hospital's maintenance contracts.
 */
public interface OrganisationService {

    List<Organisation> organisations(Actor actor);

    Organisation register(Actor operator, Organisation organisation);

    List<MaintenanceContract> maintenanceContracts(Actor actor);

    MaintenanceContract addMaintenanceContract(Actor hospitalAdmin, MaintenanceContract contract);

    List<ToolContract> toolContracts(Actor actor);

    ToolContract addToolContract(Actor operator, ToolContract contract);
}
