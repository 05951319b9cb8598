/**
 * Work orders (REQ-WORK-1): a request, its grant and the sessions recorded under it, closed once with the result,
 * the form of repair, the operation check and the hospital staff member who helped. The request opens the order
 * (ADR 27); this package owns who may see and close it, and reading a grant's sessions back from the recordings.
 */
package dev.hoshu.broker.workorder;
