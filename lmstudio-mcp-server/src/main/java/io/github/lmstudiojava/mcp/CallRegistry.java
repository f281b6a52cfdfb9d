package io.github.lmstudiojava.mcp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tool calls in flight, by MCP session and JSON-RPC request id, so that a {@code
 * notifications/cancelled} from the client can stop the matching call. The SDK does not handle that
 * notification; the transports catch it before the SDK sees it and call {@link #cancel}.
 */
final class CallRegistry {
  private final Map<String, Runnable> calls = new ConcurrentHashMap<>();

  /** Registers a call; returns the key to {@link #remove} it by, or null when it has no id. */
  String register(String sessionId, Object requestId, Runnable cancel) {
    if (requestId == null) {
      return null;
    }
    String key = key(sessionId, requestId);
    calls.put(key, cancel);
    return key;
  }

  void remove(String key) {
    if (key != null) {
      calls.remove(key);
    }
  }

  /** Cancels the call with this request id in this session; false when there is none. */
  boolean cancel(String sessionId, Object requestId) {
    if (requestId == null) {
      return false;
    }
    Runnable cancel = calls.remove(key(sessionId, requestId));
    if (cancel == null) {
      return false;
    }
    cancel.run();
    return true;
  }

  int size() {
    return calls.size();
  }

  /** Request ids are strings or numbers; 7 and 7.0 arrive differently but name one request. */
  private static String key(String sessionId, Object requestId) {
    String id =
        requestId instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
            ? "n:" + n.longValue()
            : requestId instanceof Number ? "n:" + requestId : "s:" + requestId;
    return sessionId + "|" + id;
  }
}
