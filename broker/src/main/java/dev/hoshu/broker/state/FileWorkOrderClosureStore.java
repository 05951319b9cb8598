package dev.hoshu.broker.state;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Work-order closures in {@code state/work-orders.json}. */
public final class FileWorkOrderClosureStore implements WorkOrderClosureStore {

    private final JsonCollection<WorkOrderClosure> closures;

    public FileWorkOrderClosureStore(Path stateDir) {
        this.closures = new JsonCollection<>(stateDir.resolve("work-orders.json"), WorkOrderClosure.class,
                WorkOrderClosure::workOrder);
    }

    @Override
    public synchronized WorkOrderClosure insertIfAbsent(WorkOrderClosure closure) {
        Optional<WorkOrderClosure> standing = closures.find(closure.workOrder());
        if (standing.isPresent()) {
            return standing.get();
        }
        closures.insert(closure);
        return closure;
    }

    @Override
    public Optional<WorkOrderClosure> find(String workOrder) {
        return closures.find(workOrder);
    }

    @Override
    public List<WorkOrderClosure> all() {
        return closures.all();
    }
}
