/**
 * A hospital's access policy (REQ-ACC-3): the YAML document a hospital admin writes, its strict loader that names
 * the line of every mistake, the secure default for a hospital without one, and the pure rules that apply it to
 * requests, approvals and emergency access.
 */
package dev.hoshu.hospitalpolicy;
