package dev.hoshu.broker.state;

import dev.hoshu.org.MaintenanceContract;
import dev.hoshu.org.ToolContract;
import java.util.List;

/** Contracts in the collections {@code maintenance-contracts} and {@code tool-contracts}. */
public final class ContractRecords implements ContractStore {

    private final RecordCollection<MaintenanceContract> maintenance;
    private final RecordCollection<ToolContract> tools;

    public ContractRecords(RecordCollections collections) {
        this.maintenance = collections.open("maintenance-contracts", MaintenanceContract.class,
                MaintenanceContract::id);
        this.tools = collections.open("tool-contracts", ToolContract.class, ToolContract::id);
    }

    @Override
    public List<MaintenanceContract> maintenance() {
        return maintenance.all();
    }

    @Override
    public List<ToolContract> tools() {
        return tools.all();
    }

    @Override
    public void insert(MaintenanceContract contract) {
        maintenance.insert(contract);
    }

    @Override
    public void insert(ToolContract contract) {
        tools.insert(contract);
    }
}
