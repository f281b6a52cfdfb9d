package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/**
 * The requests both transports check or answer themselves before the SDK sees them, because the
 * SDK's handling cannot know the caller's user or bound what it keeps: {@code resources/list}
 * (which lists the caller's own chat sessions), and {@code resources/subscribe} and {@code
 * resources/unsubscribe} (recorded, within bounds, in {@link Subscriptions}; the SDK then answers
 * them).
 */
final class LocalMethods implements AutoCloseable {
  static final String RESOURCES_LIST = "resources/list";

  private final Backend backend;
  private final Resources resources;
  private final Subscriptions subscriptions;
  private final ResourceWatch watch;

  LocalMethods(Backend backend, Subscriptions subscriptions, ResourceWatch watch) {
    this.backend = backend;
    this.resources = new Resources(backend);
    this.subscriptions = subscriptions;
    this.watch = watch;
  }

  /**
   * The answer to a request of this session, when the transport answers it itself; null when the
   * request goes on to the SDK.
   *
   * @param user the user of the session; null on a server without users
   */
  McpSchema.JSONRPCResponse answer(String sessionId, String user, JsonRpc.Checked request) {
    String method = request.method();
    Object params = request.message().get("params");
    if (RESOURCES_LIST.equals(method)) {
      subscriptions.listed(sessionId, user);
      watch.noteListing(user);
      Object cursor = params instanceof Map<?, ?> p ? p.get("cursor") : null;
      try {
        if (cursor != null && !(cursor instanceof String)) {
          throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
              .message("Invalid params: the cursor is not one this server gave.")
              .build();
        }
        return McpSchema.JSONRPCResponse.result(
            request.id(), resources.list(backend.storeFor(user), (String) cursor));
      } catch (McpError e) {
        return McpSchema.JSONRPCResponse.error(request.id(), e.getJsonRpcError());
      }
    }
    if (Subscriptions.SUBSCRIBE.equals(method) || Subscriptions.UNSUBSCRIBE.equals(method)) {
      Subscriptions.Refusal refused = subscriptions.admit(sessionId, user, method, params);
      if (refused != null) {
        return McpSchema.JSONRPCResponse.error(
            request.id(),
            new McpSchema.JSONRPCResponse.JSONRPCError(refused.code(), refused.message(), null));
      }
      if (Subscriptions.SUBSCRIBE.equals(method)) {
        // Before the client is answered: a change right after the answer is a change.
        watch.note(user, (String) ((Map<?, ?>) params).get("uri"));
      }
    }
    return null;
  }

  /** A session ended: it subscribes to nothing any more. */
  void sessionEnded(String sessionId) {
    subscriptions.forget(sessionId);
  }

  /** Stops the resource watch. */
  @Override
  public void close() {
    watch.close();
  }
}
