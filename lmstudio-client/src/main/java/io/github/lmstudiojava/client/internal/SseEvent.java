package io.github.lmstudiojava.client.internal;

/**
 * One server-sent event as it came off the wire.
 *
 * @param event the {@code event:} field, or null when the event had none
 * @param data the {@code data:} lines joined with {@code \n}
 * @param id the {@code id:} field, or null
 */
public record SseEvent(String event, String data, String id) {}
