package io.github.lmstudiojava.mcp;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.sessions.SessionStore;
import io.modelcontextprotocol.server.McpSyncServerExchange;

/**
 * What one tool call works with.
 *
 * @param args the arguments
 * @param lms a client for this call only; the server closes it when the call is cancelled or runs
 *     out of time, which cancels its HTTP call to LM Studio
 * @param backend the shared client and session store
 * @param user the user whose MCP session the call came in, when the server has users; the call then
 *     sees that user's namespace of the session store only; null otherwise
 * @param progress progress notifications to the client
 * @param log milestones and failures, to stderr and the client
 * @param stop counted down when the call is cancelled or runs out of time, for waits between
 *     requests to wake up
 * @param exchange the MCP session the call came in, for the client's roots; null in tests
 */
record ToolCall(
    Args args,
    LmStudio lms,
    Backend backend,
    String user,
    Progress progress,
    ServerLog log,
    java.util.concurrent.CountDownLatch stop,
    McpSyncServerExchange exchange) {
  /** The session store, or the user's part of it when the server has users. */
  SessionStore store() {
    return backend.storeFor(user);
  }

  ServerConfig config() {
    return backend.config();
  }

  /** The image files this call may read: under the allowed roots, stopping with the call. */
  ImageFiles images() {
    return backend.imageRoots().files(exchange, () -> stop.getCount() == 0);
  }
}
