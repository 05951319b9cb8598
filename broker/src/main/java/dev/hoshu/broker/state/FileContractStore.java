package dev.hoshu.broker.state;

import dev.hoshu.org.MaintenanceContract;
import dev.hoshu.org.ToolContract;
import java.nio.file.Path;
import java.util.List;

/** Contracts in {@code state/maintenance-contracts.json} and {@code state/tool-contracts.json}. */
public final class FileContractStore implements ContractStore {

    private final JsonCollection<MaintenanceContract> maintenance;
    private final JsonCollection<ToolContract> tools;

    public FileContractStore(Path stateDir) {
        this.maintenance = new JsonCollection<>(stateDir.resolve("maintenance-contracts.json"),
                MaintenanceContract.class, MaintenanceContract::id);
        this.tools = new JsonCollection<>(stateDir.resolve("tool-contracts.json"), ToolContract.class,
                ToolContract::id);
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
