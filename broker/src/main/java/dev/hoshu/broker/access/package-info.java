/**
 * Who may do what through the API and enrollment: requests, approvals into grants, grant certificates, sessions
 * and kills, join tokens and their redemption, recordings; each within the actor's own hospital.
 */
package dev.hoshu.broker.access;
