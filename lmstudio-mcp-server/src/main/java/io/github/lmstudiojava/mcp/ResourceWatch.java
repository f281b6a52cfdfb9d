package io.github.lmstudiojava.mcp;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.Model;
import io.github.lmstudiojava.client.RetryPolicy;
import io.github.lmstudiojava.client.Timeouts;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.SessionSummary;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells MCP clients when a resource they subscribed to changes: {@code notifications/resources/
 * updated} when a model is loaded, unloaded, downloaded or removed (by this server or by anyone
 * else: LM Studio is asked for its models, one cheap request, every {@code --watch-interval} while
 * someone is subscribed to a model resource), when a chat session gains turns or goes, and when
 * sessions appear or go ({@code lmstudio://sessions}); and {@code
 * notifications/resources/list_changed} to the clients that listed resources, when the sessions in
 * their list appear or go.
 *
 * <p>Each check compares what each watched resource would show now with what it showed at the check
 * before. What a resource shows when it is subscribed to, and which sessions a user has when a
 * client lists resources, is noted before the client is answered ({@link #note}, {@link
 * #noteListing}), so that a change made right after the answer is heard too. Tool calls ask for a
 * check as they end ({@link #poke}), so a client hears of this server's own changes at once.
 * Nothing is asked of LM Studio or the store while nobody is subscribed or listing.
 */
final class ResourceWatch implements AutoCloseable {
  /** Sends a notification to one MCP session. */
  interface Notifier {
    void notify(String sessionId, String method, Object params);
  }

  /** The most sessions of one user compared for list changes. */
  static final int MAX_LISTED = 1000;

  private final Backend backend;
  private final Subscriptions subscriptions;
  private final Notifier notifier;
  private final Duration interval;
  private final AtomicBoolean pending = new AtomicBoolean();
  private final AtomicLong checks = new AtomicLong();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "lmstudio-mcp-resource-watch");
            t.setDaemon(true);
            return t;
          });

  /** The client the watch asks LM Studio with: the server's pool, its quick tools' deadline. */
  private volatile LmStudio client;

  /** What each watched resource showed at the last check, by user and URI. */
  private volatile Map<String, String> shown = Map.of();

  /** The session ids each listing user had at the last check. */
  private volatile Map<String, String> listed = Map.of();

  ResourceWatch(
      Backend backend, Subscriptions subscriptions, Notifier notifier, Duration interval) {
    this.backend = backend;
    this.subscriptions = subscriptions;
    this.notifier = notifier;
    this.interval = interval;
  }

  void start() {
    timer.scheduleWithFixedDelay(
        this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Asks for a check soon, on the watch's own thread; several asks before it make one check. */
  void poke() {
    if (subscriptions.isEmpty() && shown.isEmpty() && listed.isEmpty()) {
      // Nobody watches and nothing is remembered: a check would change nothing, so the watch's
      // thread is not woken after every tool call.
      return;
    }
    if (pending.compareAndSet(false, true)) {
      try {
        timer.execute(this::check);
      } catch (RuntimeException e) {
        pending.set(false);
      }
    }
  }

  /** Compares every watched resource with the last check and notifies whom it concerns. */
  synchronized void check() {
    pending.set(false);
    checks.incrementAndGet();
    try {
      checkSubscriptions();
      checkLists();
    } catch (RuntimeException e) {
      // The next check tries again; the watch must not stop.
      ServerLog.LOG.debug("resource watch: {}", e.toString());
    }
  }

  /** How many checks have run, periodic or asked for. */
  long checks() {
    return checks.get();
  }

  /**
   * Notes what a resource shows now, for a subscription about to be confirmed, unless a check
   * already did: the first change after it is then told. When LM Studio or the store cannot be
   * asked now, the next check takes note instead.
   */
  synchronized void note(String user, String uri) {
    String key = key(user, uri);
    if (shown.containsKey(key)) {
      return;
    }
    String view = new Views().of(user, uri);
    if (view != null) {
      Map<String, String> copy = new HashMap<>(shown);
      copy.put(key, view);
      shown = copy;
    }
  }

  /** Notes the sessions a user has now, for a client about to be given its resource list. */
  synchronized void noteListing(String user) {
    String key = user == null ? "" : user;
    if (listed.containsKey(key)) {
      return;
    }
    try {
      Map<String, String> copy = new HashMap<>(listed);
      copy.put(key, sessionIds(user));
      listed = copy;
    } catch (RuntimeException e) {
      ServerLog.LOG.debug("resource watch, sessions: {}", e.toString());
    }
  }

  private void checkSubscriptions() {
    List<Subscriptions.Subscriber> subscribers = subscriptions.snapshot();
    if (subscribers.isEmpty()) {
      shown = Map.of();
      return;
    }
    Views views = new Views();
    Map<String, String> now = new HashMap<>();
    for (Subscriptions.Subscriber s : subscribers) {
      for (String uri : s.uris()) {
        String key = key(s.user(), uri);
        String view = now.computeIfAbsent(key, k -> views.of(s.user(), uri));
        if (view == null) {
          // LM Studio or the store could not be asked: keep what was shown, tell nobody.
          String before = shown.get(key);
          if (before != null) {
            now.put(key, before);
          } else {
            now.remove(key);
          }
          continue;
        }
        String before = shown.get(key);
        if (before != null && !before.equals(view)) {
          notifier.notify(
              s.sessionId(),
              McpSchema.METHOD_NOTIFICATION_RESOURCES_UPDATED,
              new McpSchema.ResourcesUpdatedNotification(uri));
        }
      }
    }
    shown = now;
  }

  private void checkLists() {
    Map<String, List<Subscriptions.Lister>> byUser = subscriptions.listers();
    if (byUser.isEmpty()) {
      listed = Map.of();
      return;
    }
    Map<String, String> now = new HashMap<>();
    for (Map.Entry<String, List<Subscriptions.Lister>> e : byUser.entrySet()) {
      String user = e.getKey().isEmpty() ? null : e.getKey();
      String ids;
      try {
        ids = sessionIds(user);
      } catch (RuntimeException failure) {
        ServerLog.LOG.debug("resource watch, sessions: {}", failure.toString());
        String before = listed.get(e.getKey());
        if (before != null) {
          now.put(e.getKey(), before);
        }
        continue;
      }
      now.put(e.getKey(), ids);
      String before = listed.get(e.getKey());
      if (before != null && !before.equals(ids)) {
        for (Subscriptions.Lister l : e.getValue()) {
          notifier.notify(
              l.sessionId(), McpSchema.METHOD_NOTIFICATION_RESOURCES_LIST_CHANGED, null);
        }
      }
    }
    listed = now;
  }

  /** The ids of a user's newest sessions, sorted: a session moving up the list is no change. */
  private String sessionIds(String user) {
    return String.join(
        "\n",
        new java.util.TreeSet<>(
            backend.storeFor(user).list(0, MAX_LISTED).stream().map(SessionSummary::id).toList()));
  }

  /**
   * The watch's client, on the server's connections: one try, each phase within {@code
   * --request-timeout}. The server's own client has no overall deadline (each tool call sets its
   * own) and retries; a check must not hang on an LM Studio that accepts and never answers, or no
   * check would follow.
   */
  private LmStudio client() {
    if (client == null) {
      LmStudio shared = backend.client();
      Duration limit = backend.config().requestTimeout();
      Timeouts t = shared.timeouts();
      client =
          shared
              .newBuilder()
              .retryPolicy(RetryPolicy.none())
              .timeouts(
                  t.withConnect(within(t.connect(), limit))
                      .withIdle(within(t.idle(), limit))
                      .withCall(limit))
              .build();
    }
    return client;
  }

  private static Duration within(Duration value, Duration limit) {
    return value.isZero() || value.compareTo(limit) > 0 ? limit : value;
  }

  private static String key(String user, String uri) {
    // Models are the same for every user; sessions are each user's own.
    return uri.startsWith(Resources.SESSIONS) ? (user == null ? "" : user) + "\n" + uri : uri;
  }

  /** The views of one check, asking LM Studio and each user's store at most once. */
  private final class Views {
    private List<Model> models;
    private boolean modelsFailed;
    private final Map<String, Map<String, String>> sessions = new HashMap<>();

    /** What the resource shows now, as text to compare; null when it cannot be known now. */
    String of(String user, String uri) {
      try {
        return view(user, uri);
      } catch (IllegalArgumentException e) {
        return "absent"; // a bad %-escape names nothing
      }
    }

    private String view(String user, String uri) {
      if (uri.startsWith(Resources.SESSIONS)) {
        return session(user, uri);
      }
      List<Model> all = models();
      if (all == null) {
        return null;
      }
      if (uri.equals(Resources.MODELS)) {
        boolean hosts = backend.config().severalHosts();
        return Json.write(Json.maps(all.stream().map(m -> ModelViews.model(m, hosts)).toList()));
      }
      if (uri.startsWith(Resources.INSTANCES_PREFIX)) {
        String id = Resources.decode(uri.substring(Resources.INSTANCES_PREFIX.length()));
        return Resources.instanceView(all, id).orElse("absent");
      }
      String key = Resources.decode(uri.substring(Resources.MODELS.length() + 1));
      return Resources.modelView(all, key).orElse("absent");
    }

    private List<Model> models() {
      if (models == null && !modelsFailed) {
        try {
          models = client().models().list();
        } catch (RuntimeException e) {
          modelsFailed = true;
          ServerLog.LOG.debug("resource watch, models: {}", e.toString());
        }
      }
      return models;
    }

    private String session(String user, String uri) {
      Map<String, String> byUri = sessions.get(user == null ? "" : user);
      if (byUri == null) {
        byUri = new HashMap<>();
        try {
          SessionStore store = backend.storeFor(user);
          StringBuilder index = new StringBuilder();
          for (SessionSummary s : store.list(0, MAX_LISTED)) {
            String line = s.id() + " " + s.turnCount() + " " + s.updatedAt() + " " + s.title();
            index.append(line).append('\n');
            byUri.put(Resources.uri(s.id()), line);
          }
          byUri.put(Resources.SESSIONS, index.toString());
        } catch (RuntimeException e) {
          ServerLog.LOG.debug("resource watch, sessions: {}", e.toString());
          return null;
        }
        sessions.put(user == null ? "" : user, byUri);
      }
      String view = byUri.get(uri);
      if (view != null || uri.equals(Resources.SESSIONS)) {
        return view;
      }
      // Not among the newest: ask for this one alone.
      try {
        String id = Resources.decode(uri.substring(Resources.SESSIONS.length() + 1));
        return backend
            .storeFor(user)
            .find(id)
            .map(s -> s.version() + " " + s.updatedAt())
            .orElse("absent");
      } catch (IllegalArgumentException e) {
        return "absent";
      } catch (RuntimeException e) {
        return null;
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    LmStudio c = client;
    if (c != null) {
      c.close(); // cancels a check's request under way
    }
  }
}
