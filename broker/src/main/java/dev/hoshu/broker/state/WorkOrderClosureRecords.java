package dev.hoshu.broker.state;

import java.util.List;
import java.util.Optional;

/** Work-order closures in the collection {@code work-orders}. */
public final class WorkOrderClosureRecords implements WorkOrderClosureStore {

    private final RecordCollection<WorkOrderClosure> closures;

    public WorkOrderClosureRecords(RecordCollections collections) {
        this.closures = collections.open("work-orders", WorkOrderClosure.class, WorkOrderClosure::workOrder);
    }

    @Override
    public WorkOrderClosure insertIfAbsent(WorkOrderClosure closure) {
        return closures.merge(closure.workOrder(), standing -> standing == null ? closure : standing);
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
