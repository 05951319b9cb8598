package dev.hoshu.api.service;

import dev.hoshu.access.Actor;
import java.util.List;

/**
 * Work orders: a request, its grant and the sessions run under it, closed with the result, the form of repair and
 * the operation check after it (REQ-WORK-1). A work order is opened by the request itself and carries its id.
 * Every read and close, allowed or refused, is audited.
 */
public interface WorkOrderService {

    /** The orders the actor may see: an engineer their own, hospital staff their hospital's; newest first. */
    List<WorkOrderView> workOrders(Actor actor);

    /** One order; another hospital's or another engineer's answers as not found. */
    WorkOrderView workOrder(Actor actor, String id);

    /** Closes the order once (409 the second time), by its engineer or an approver or admin of its hospital. */
    WorkOrderView close(Actor actor, String id, WorkOrderClosing closing);
}
