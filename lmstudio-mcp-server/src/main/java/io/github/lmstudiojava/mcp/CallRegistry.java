package io.github.lmstudiojava.mcp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tool calls in flight, by MCP session and JSON-RPC request id, so that a {@code
 * notifications/cancelled} from the client can stop the matching call. The SDK does not handle that
 * notification; the transports catch it before the SDK sees it and call {@link #cancel}.
 *
 * <p>A cancellation can overtake its request: the transport reads it while the request is still on
 * its way to a worker thread. It is then remembered for {@link #EARLY_CANCEL_MEMORY_NANOS}, and the
 * call is stopped as soon as it registers. At most {@link #MAX_EARLY_CANCELS} are remembered at
 * once, so that a client cannot fill the memory with cancellations of requests it never sends.
 */
final class CallRegistry {
  /** How long a cancellation for a call that has not started yet is remembered. */
  static final long EARLY_CANCEL_MEMORY_NANOS = 60_000_000_000L;

  /** The most cancellations remembered for calls that have not started yet. */
  static final int MAX_EARLY_CANCELS = 1024;

  private final Map<String, Runnable> calls = new ConcurrentHashMap<>();
  private final Map<String, Long> earlyCancels = new ConcurrentHashMap<>();

  /**
   * Registers a call; returns the key to {@link #remove} it by, or null when it has no id. A call
   * whose cancellation arrived first is stopped at once.
   */
  String register(String sessionId, Object requestId, Runnable cancel) {
    if (requestId == null) {
      return null;
    }
    String key = key(sessionId, requestId);
    calls.put(key, cancel);
    Long cancelledAt = earlyCancels.remove(key);
    if (cancelledAt != null
        && System.nanoTime() - cancelledAt < EARLY_CANCEL_MEMORY_NANOS
        && calls.remove(key, cancel)) {
      cancel.run();
    }
    return key;
  }

  void remove(String key) {
    if (key != null) {
      calls.remove(key);
    }
  }

  /**
   * Cancels the call with this request id in this session; when it has not registered yet, it will
   * be stopped when it does.
   *
   * @return true when a running call was stopped now
   */
  boolean cancel(String sessionId, Object requestId) {
    if (requestId == null) {
      return false;
    }
    String key = key(sessionId, requestId);
    Runnable cancel = calls.remove(key);
    if (cancel == null) {
      forgetOldEarlyCancels();
      if (earlyCancels.size() >= MAX_EARLY_CANCELS) {
        return false;
      }
      earlyCancels.put(key, System.nanoTime());
      // The call may have registered between the two looks: then one of them sees the other.
      cancel = calls.remove(key);
      if (cancel == null) {
        return false;
      }
      earlyCancels.remove(key);
    }
    cancel.run();
    return true;
  }

  /**
   * Cancels the call with this request id in this session if it is running now; unlike {@link
   * #cancel}, nothing is remembered when it is not (its stream was given up, not its request).
   *
   * @return true when a running call was stopped
   */
  boolean cancelRunning(String sessionId, Object requestId) {
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

  /** Cancels every call in flight. */
  void cancelAll() {
    for (String key : calls.keySet()) {
      Runnable cancel = calls.remove(key);
      if (cancel != null) {
        cancel.run();
      }
    }
  }

  int size() {
    return calls.size();
  }

  private void forgetOldEarlyCancels() {
    long now = System.nanoTime();
    earlyCancels.values().removeIf(at -> now - at >= EARLY_CANCEL_MEMORY_NANOS);
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
