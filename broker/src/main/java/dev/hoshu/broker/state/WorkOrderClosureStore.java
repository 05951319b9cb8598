package dev.hoshu.broker.state;

import java.util.List;
import java.util.Optional;

/** Closures of work orders by work-order id; a closure is written once. */
public interface WorkOrderClosureStore {

    /** Stores the closure unless the order already has one; answers the closure that stands afterwards. */
    WorkOrderClosure insertIfAbsent(WorkOrderClosure closure);

    Optional<WorkOrderClosure> find(String workOrder);

    List<WorkOrderClosure> all();
}
