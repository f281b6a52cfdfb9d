package io.github.lmstudiojava.client;

/**
 * The error object LM Studio sends in a stream's {@code error} event (and in error response
 * bodies).
 *
 * @param type high-level type: {@code invalid_request}, {@code unknown}, {@code
 *     mcp_connection_error}, {@code plugin_connection_error}, {@code not_implemented}, {@code
 *     model_not_found}, {@code job_not_found}, {@code internal_error}, or a newer one
 * @param message human-readable message
 * @param code detailed code, such as a validation issue code; may be null
 * @param param the request parameter concerned; may be null
 */
public record StreamError(String type, String message, String code, String param) {}
