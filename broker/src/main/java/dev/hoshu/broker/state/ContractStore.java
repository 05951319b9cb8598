package dev.hoshu.broker.state;

import dev.hoshu.org.MaintenanceContract;
import dev.hoshu.org.ToolContract;
import java.util.List;

/** Maintenance contracts (hospital and company) and tool contracts (manufacturer and company). */
public interface ContractStore {

    List<MaintenanceContract> maintenance();

    List<ToolContract> tools();

    void insert(MaintenanceContract contract);

    void insert(ToolContract contract);
}
