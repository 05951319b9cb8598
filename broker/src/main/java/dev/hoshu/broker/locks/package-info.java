/**
 * Locks: cuts of remote maintenance for a session, device, engineer, service company or whole hospital, checked
 * whenever a session would start or a grant be used, and pushed to the sessions running now.
 */
package dev.hoshu.broker.locks;
