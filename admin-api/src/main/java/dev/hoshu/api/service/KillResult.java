package dev.hoshu.api.service;

/** The answer to a kill: the session and whether it was ended. */
public record KillResult(String id, boolean killed) {
}
