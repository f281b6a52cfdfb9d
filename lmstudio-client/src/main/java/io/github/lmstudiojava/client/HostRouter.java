package io.github.lmstudiojava.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The servers of a client of several LM Studio hosts: which answer, what each has, and where a call
 * goes.
 *
 * <p>A host that cannot be reached (the connection refused or timing out, no route, a list that
 * times out) is skipped for a back-off of 1 s, doubling up to 30 s, and tried again by the first
 * call after it; so a host asleep at start rejoins once it wakes. When every host is in back-off,
 * all are tried rather than none.
 *
 * <p>A chat goes to the first host that has the model (or instance) loaded, else to the first that
 * has it downloaded, else to the first host that answers, whose LM Studio then says the model is
 * unknown. What each host has is read from its model list, at most every 2 seconds, and again after
 * a load or unload through this client. A chat that cannot reach its host before anything was sent
 * goes to the next host that has the model; a failure after that is never retried elsewhere, so a
 * prompt is never answered twice.
 */
final class HostRouter {
  private static final long CATALOGUE_NANOS = TimeUnit.SECONDS.toNanos(2);
  private static final long FIRST_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(30);

  /** One host: its client, whether it answers, and what it had when last asked. */
  static final class Host {
    final LmStudio client;
    private int failures;
    private long downUntil;
    private List<Model> catalogue;
    private long catalogueAt;

    Host(LmStudio client) {
      this.client = client;
    }

    synchronized boolean usable(long now) {
      return failures == 0 || now - downUntil >= 0;
    }

    synchronized void down(long now) {
      long backoff = FIRST_BACKOFF_NANOS << Math.min(failures, 5);
      failures++;
      downUntil = now + Math.min(backoff, MAX_BACKOFF_NANOS);
      catalogue = null;
    }

    synchronized void up(List<Model> models, long now) {
      failures = 0;
      catalogue = models;
      catalogueAt = now;
    }

    synchronized List<Model> fresh(long now) {
      return catalogue != null && now - catalogueAt < CATALOGUE_NANOS ? catalogue : null;
    }

    synchronized void forget() {
      catalogue = null;
    }
  }

  private final List<Host> hosts;

  HostRouter(List<LmStudio> clients) {
    List<Host> list = new ArrayList<>(clients.size());
    for (LmStudio client : clients) {
      list.add(new Host(client));
    }
    this.hosts = List.copyOf(list);
  }

  /** The hosts' clients, in the order given. */
  List<LmStudio> clients() {
    List<LmStudio> clients = new ArrayList<>(hosts.size());
    for (Host host : hosts) {
      clients.add(host.client);
    }
    return List.copyOf(clients);
  }

  /**
   * Every host's models, in host order, each naming its host; hosts that cannot be reached are left
   * out. Throws the first host's failure, with the others' suppressed, when none answered.
   */
  List<Model> list() {
    List<Model> all = new ArrayList<>();
    LmStudioException failure = null;
    boolean answered = false;
    for (Host host : usable()) {
      try {
        all.addAll(catalogue(host, true));
        answered = true;
      } catch (LmStudioConnectionException | LmStudioTimeoutException e) {
        failure = first(failure, e);
      }
    }
    if (!answered && failure != null) {
      throw failure;
    }
    return List.copyOf(all);
  }

  /**
   * Runs a call on the host that should take a request for a model, and on the next one that has it
   * when that host could not be reached before the request was sent.
   */
  <T> T call(String model, Function<LmStudio, T> call) {
    LmStudioException failure = null;
    for (Host host : candidates(model)) {
      try {
        return call.apply(host.client);
      } catch (LmStudioConnectionException e) {
        if (e.reason() == LmStudioConnectionException.Reason.CLOSED) {
          throw e; // the request may have been processed: never sent again
        }
        host.down(System.nanoTime());
        failure = first(failure, e);
      } catch (LmStudioTimeoutException e) {
        if (e.kind() != LmStudioTimeoutException.Kind.CONNECT) {
          throw e; // sent: never sent again
        }
        host.down(System.nanoTime()); // asleep, or gone from the network: nothing was sent
        failure = first(failure, e);
      }
    }
    throw Objects.requireNonNull(failure);
  }

  /** The host that should take a request for a model (see the class comment). */
  LmStudio route(String model) {
    return candidates(model).get(0).client;
  }

  /** The host running a loaded instance, else the first host that answers. */
  LmStudio hostOfInstance(String instanceId) {
    for (Host host : usable()) {
      List<Model> models = catalogueOrNull(host);
      if (models != null && loads(models, instanceId, true)) {
        return host.client;
      }
    }
    return first();
  }

  /** Forgets what each host had, after this client loaded or unloaded a model. */
  void forget() {
    for (Host host : hosts) {
      host.forget();
    }
  }

  /**
   * The hosts a request for a model goes to, in order: those with it loaded, those with it
   * downloaded; the first host that answers when none has it.
   */
  private List<Host> candidates(String model) {
    List<Host> loaded = new ArrayList<>();
    List<Host> downloaded = new ArrayList<>();
    for (Host host : usable()) {
      List<Model> models = catalogueOrNull(host);
      if (models == null) {
        continue;
      }
      if (loads(models, model, false)) {
        loaded.add(host);
      } else if (has(models, model)) {
        downloaded.add(host);
      }
    }
    loaded.addAll(downloaded);
    if (loaded.isEmpty()) {
      return List.of(hostOf(first()));
    }
    return loaded;
  }

  private Host hostOf(LmStudio client) {
    for (Host host : hosts) {
      if (host.client == client) {
        return host;
      }
    }
    throw new IllegalStateException("not a host of this client: " + client);
  }

  /** The first usable host whose model list can be read; the first host when none answers. */
  LmStudio first() {
    for (Host host : usable()) {
      if (catalogueOrNull(host) != null) {
        return host.client;
      }
    }
    return hosts.get(0).client;
  }

  private static boolean loads(List<Model> models, String name, boolean instanceOnly) {
    for (Model m : models) {
      if (!instanceOnly && name.equals(m.key()) && m.isLoaded()) {
        return true;
      }
      for (LoadedInstance instance : m.loadedInstances()) {
        if (name.equals(instance.id())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean has(List<Model> models, String key) {
    for (Model m : models) {
      if (key.equals(m.key())) {
        return true;
      }
    }
    return false;
  }

  /**
   * A host's models, read again unless read in the last 2 seconds; null when it cannot answer, or
   * answers with an error (a token it refuses, say): a call then goes to a host that can take it,
   * and {@link #list()} is where the error shows.
   */
  private List<Model> catalogueOrNull(Host host) {
    try {
      return catalogue(host, false);
    } catch (LmStudioException e) {
      return null;
    }
  }

  private List<Model> catalogue(Host host, boolean always) {
    long now = System.nanoTime();
    List<Model> cached = always ? null : host.fresh(now);
    if (cached != null) {
      return cached;
    }
    try {
      List<Model> models = host.client.models().list();
      host.up(models, System.nanoTime());
      return models;
    } catch (LmStudioConnectionException | LmStudioTimeoutException e) {
      host.down(System.nanoTime());
      throw e;
    }
  }

  /** The hosts not in back-off, in order; all of them when every one is. */
  private List<Host> usable() {
    long now = System.nanoTime();
    List<Host> usable = new ArrayList<>(hosts.size());
    for (Host host : hosts) {
      if (host.usable(now)) {
        usable.add(host);
      }
    }
    return usable.isEmpty() ? hosts : usable;
  }

  private static LmStudioException first(LmStudioException first, LmStudioException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
