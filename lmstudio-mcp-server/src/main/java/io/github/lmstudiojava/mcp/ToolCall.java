package io.github.lmstudiojava.mcp;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.sessions.SessionStore;

/**
 * What one tool call works with.
 *
 * @param args the arguments
 * @param lms a client for this call only; the server closes it when the call is cancelled or runs
 *     out of time, which cancels its HTTP call to LM Studio
 * @param backend the shared client and session store
 * @param progress progress notifications to the client
 * @param log milestones and failures, to stderr and the client
 * @param stop counted down when the call is cancelled or runs out of time, for waits between
 *     requests to wake up
 */
record ToolCall(
    Args args,
    LmStudio lms,
    Backend backend,
    Progress progress,
    ServerLog log,
    java.util.concurrent.CountDownLatch stop) {
  SessionStore store() {
    return backend.store();
  }

  ServerConfig config() {
    return backend.config();
  }
}
