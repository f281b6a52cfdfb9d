package io.github.lmstudiojava.sessions;

import java.time.Instant;

/**
 * A line of {@link SessionStore#list}: a session with its number of turns.
 *
 * @param id the session's id
 * @param title its title; may be null
 * @param model its model; may be null
 * @param turnCount how many turns it holds
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record SessionSummary(
    String id, String title, String model, long turnCount, Instant createdAt, Instant updatedAt) {}
