/**
 * Who the parties are and what binds them: hospitals, service companies (with their repair-business licence and
 * responsible person in Japan), manufacturers, maintenance contracts (hospital and company) and tool contracts
 * (manufacturer and company), and the pure rules that say whether a request is covered by them (REQ-CAT-2, -3).
 */
package dev.hoshu.org;
