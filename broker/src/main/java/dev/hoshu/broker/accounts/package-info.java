/**
 * The accounts ledger and the periodic account review (REQ-ACC-7): who the broker has seen with which roles, when
 * they last used the API or started an SSH session, dormant engineers, and disabling and enabling accounts.
 */
package dev.hoshu.broker.accounts;
