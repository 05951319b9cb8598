package dev.hoshu.tunnel.control;

/**
 * The agent's report that it refused to run a session's tool (signature, files, arguments, revocation), so the
 * broker can put the refusal in the audit log beside the session's start (REQ-TOOL-3: refused, recorded, reported).
 *
 * @param reason the one line the engineer was shown
 */
public record ToolRefusal(String session, String tool, String reason) {
}
