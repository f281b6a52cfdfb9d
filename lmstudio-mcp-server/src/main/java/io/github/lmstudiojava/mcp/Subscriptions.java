package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resources each MCP session has subscribed to ({@code resources/subscribe}), for {@link
 * ResourceWatch} to know what to watch and whom to tell.
 *
 * <p>The transports show every subscribe and unsubscribe request to {@link #admit} before the SDK
 * records it: a URI that is not one of this server's resources, or one more than {@link
 * #MAX_PER_SESSION}, is refused with a JSON-RPC error, so that neither this registry nor the SDK's
 * grows with what a stranger sends. The sessions that listed resources are noted too ({@link
 * #listed}), to be told when their list changes. A session's entries end with it ({@link #forget}).
 */
final class Subscriptions {
  /** The most resources one session may subscribe to. */
  static final int MAX_PER_SESSION = 64;

  /** The longest URI accepted. */
  static final int MAX_URI_CHARS = 1024;

  static final String SUBSCRIBE = "resources/subscribe";
  static final String UNSUBSCRIBE = "resources/unsubscribe";

  /** One session's subscriptions, and the user it belongs to (null when the server has none). */
  record Subscriber(String sessionId, String user, Set<String> uris) {}

  private final Map<String, Subscriber> sessions = new ConcurrentHashMap<>();

  /** A session that listed resources, and so hears when its list changes. */
  record Lister(String sessionId, String user) {}

  private final Map<String, Lister> listers = new ConcurrentHashMap<>();

  /** A refusal: the JSON-RPC error code and its sentence. */
  record Refusal(int code, String message) {}

  /**
   * Records a subscribe or unsubscribe request of a session before the SDK handles it.
   *
   * @param user the user of the session; null on a server without users
   * @return null when the request may go on to the SDK, else the error to answer instead
   */
  Refusal admit(String sessionId, String user, String method, Object params) {
    Object uri = params instanceof Map<?, ?> p ? p.get("uri") : null;
    if (!(uri instanceof String text) || text.isEmpty()) {
      return new Refusal(JsonRpc.INVALID_PARAMS, "Invalid params: " + method + " needs a uri.");
    }
    if (UNSUBSCRIBE.equals(method)) {
      Subscriber s = sessions.get(sessionId);
      if (s != null) {
        synchronized (s) {
          s.uris.remove(text);
        }
      }
      return null;
    }
    if (text.length() > MAX_URI_CHARS || !watchable(text)) {
      return new Refusal(
          McpSchema.ErrorCodes.RESOURCE_NOT_FOUND,
          "Resource not found: "
              + (text.length() > 64 ? text.substring(0, 64) + "..." : text)
              + " is not a resource of this server (lmstudio://models, lmstudio://sessions and"
              + " the URIs of their templates can be subscribed to).");
    }
    Subscriber s =
        sessions.computeIfAbsent(sessionId, id -> new Subscriber(id, user, new LinkedHashSet<>()));
    synchronized (s) {
      if (s.uris.size() >= MAX_PER_SESSION && !s.uris.contains(text)) {
        return new Refusal(
            JsonRpc.INVALID_PARAMS,
            "Too many subscriptions: a session may subscribe to "
                + MAX_PER_SESSION
                + " resources; unsubscribe from one first.");
      }
      s.uris.add(text);
    }
    return null;
  }

  /** Whether a URI names one of the resources the watch follows. */
  static boolean watchable(String uri) {
    return uri.equals(Resources.MODELS)
        || uri.equals(Resources.SESSIONS)
        || uri.startsWith(Resources.SESSIONS + "/")
            && uri.length() > Resources.SESSIONS.length() + 1
        || uri.startsWith(Resources.MODELS + "/") && uri.length() > Resources.MODELS.length() + 1
        || uri.startsWith(Resources.INSTANCES_PREFIX)
            && uri.length() > Resources.INSTANCES_PREFIX.length();
  }

  /** Notes that a session listed resources: it hears of sessions that appear or go. */
  void listed(String sessionId, String user) {
    listers.putIfAbsent(sessionId, new Lister(sessionId, user));
  }

  /** The sessions that listed resources, by user ("" on a server without users). */
  Map<String, List<Lister>> listers() {
    Map<String, List<Lister>> byUser = new java.util.HashMap<>();
    for (Lister l : listers.values()) {
      byUser.computeIfAbsent(l.user == null ? "" : l.user, u -> new java.util.ArrayList<>()).add(l);
    }
    return byUser;
  }

  /** Ends a session's subscriptions and listing. */
  void forget(String sessionId) {
    sessions.remove(sessionId);
    listers.remove(sessionId);
  }

  /** Whether no session subscribed to anything or listed resources. */
  boolean isEmpty() {
    if (!listers.isEmpty()) {
      return false;
    }
    for (Subscriber s : sessions.values()) {
      synchronized (s) {
        if (!s.uris.isEmpty()) {
          return false;
        }
      }
    }
    return true;
  }

  /** Every session with a subscription, each with a copy of its URIs. */
  List<Subscriber> snapshot() {
    return sessions.values().stream()
        .map(
            s -> {
              synchronized (s) {
                // In the order subscribed, so that notifications go out in that order.
                return new Subscriber(
                    s.sessionId,
                    s.user,
                    java.util.Collections.unmodifiableSet(new LinkedHashSet<>(s.uris)));
              }
            })
        .filter(s -> !s.uris.isEmpty())
        .toList();
  }
}
