package dev.hoshu.api.service;

import java.time.Instant;

/**
 * A recording search: every criterion given must match; {@code null} leaves it out.
 *
 * @param from    recordings started at or after this instant
 * @param to      recordings started before this instant
 * @param command text the tool name or its arguments contain (case-insensitive)
 * @param exit    the tool's exit status
 * @param page    0-based page of the newest-first list
 * @param size    recordings per page, 1 to {@link #MAX_SIZE}
 */
public record RecordingQuery(String device, String engineer, String company, Instant from, Instant to, String command,
                             Integer exit, int page, int size) {

    public static final int MAX_SIZE = 100;
    public static final int DEFAULT_SIZE = 20;

    /** @throws RefusedException (400) for a page or size out of range, or a time range that ends before it starts */
    public RecordingQuery {
        if (page < 0 || page > 100_000) {
            throw RefusedException.badRequest("refused: page must be between 0 and 100000");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw RefusedException.badRequest("refused: size must be between 1 and " + MAX_SIZE);
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw RefusedException.badRequest("refused: the time range ends before it starts");
        }
        for (String text : new String[] {device, engineer, company, command}) {
            if (text != null && text.length() > 200) {
                throw RefusedException.badRequest("refused: a search term is longer than 200 characters");
            }
        }
    }
}
