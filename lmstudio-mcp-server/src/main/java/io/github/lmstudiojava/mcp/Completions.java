package io.github.lmstudiojava.mcp;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LoadedInstance;
import io.github.lmstudiojava.client.Model;
import io.github.lmstudiojava.client.RetryPolicy;
import io.github.lmstudiojava.client.Timeouts;
import io.github.lmstudiojava.sessions.SessionSummary;
import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CompleteRequest;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult.CompleteCompletion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Answers {@code completion/complete}: model keys for every prompt argument named {@code model}
 * (the models that can chat) and for {@code lmstudio://models/{key}} (every model), loaded models
 * first; session ids of the caller's store, newest first, for {@code session_id} and {@code
 * lmstudio://sessions/{id}}; loaded instance ids for {@code lmstudio://instances/{id}}.
 *
 * <p>A completion answers while the user types, so it never fails and never keeps the user waiting:
 * LM Studio is asked once, without retries, within {@link #DEADLINE}; when it or the store cannot
 * answer, or the typed value is absurdly long, the list is empty.
 */
final class Completions {
  /** The most values one answer may carry, as MCP sets it. */
  static final int MAX_VALUES = 100;

  /** The longest typed value looked up; a longer one completes to nothing. */
  static final int MAX_TYPED = 256;

  /** The longest a completion waits for LM Studio to connect, and then to answer. */
  static final Duration DEADLINE = Duration.ofSeconds(3);

  private static final CompleteResult EMPTY =
      new CompleteResult(new CompleteCompletion(List.of(), 0, false));

  private final Backend backend;

  Completions(Backend backend) {
    this.backend = backend;
  }

  /** One specification for each prompt and each resource template. */
  List<SyncCompletionSpecification> specifications(List<McpSchema.Prompt> prompts) {
    List<SyncCompletionSpecification> specs = new ArrayList<>();
    for (McpSchema.Prompt prompt : prompts) {
      specs.add(
          new SyncCompletionSpecification(
              new McpSchema.PromptReference(prompt.name()), this::promptArgument));
    }
    specs.add(
        new SyncCompletionSpecification(
            new McpSchema.ResourceReference(Resources.MODEL_TEMPLATE),
            (exchange, request) -> modelKeys(request.argument().value(), m -> true)));
    specs.add(
        new SyncCompletionSpecification(
            new McpSchema.ResourceReference(Resources.SESSION_TEMPLATE),
            (exchange, request) -> sessionIds(exchange, request.argument().value())));
    specs.add(
        new SyncCompletionSpecification(
            new McpSchema.ResourceReference(Resources.INSTANCE_TEMPLATE),
            (exchange, request) -> instanceIds(request.argument().value())));
    return specs;
  }

  private CompleteResult promptArgument(McpSyncServerExchange exchange, CompleteRequest request) {
    String typed = request.argument().value();
    switch (request.argument().name()) {
      case "model":
        return modelKeys(typed, m -> !m.isEmbedding());
      case "session_id":
        return sessionIds(exchange, typed);
      default:
        return EMPTY;
    }
  }

  /** The keys of the models that pass the filter and fit the typed value, loaded ones first. */
  CompleteResult modelKeys(String typed, Predicate<Model> filter) {
    if (tooLong(typed)) {
      return EMPTY;
    }
    List<Model> models;
    try {
      models = models();
    } catch (RuntimeException e) {
      return failed("model keys", e);
    }
    Comparator<Model> order =
        Comparator.comparing((Model m) -> !m.isLoaded())
            .thenComparing(m -> m.key().toLowerCase(Locale.ROOT));
    return page(
        models.stream()
            .filter(filter)
            .filter(m -> fits(m.key(), typed))
            .sorted(order)
            .map(Model::key)
            .distinct()
            .toList());
  }

  /** The loaded instance ids that fit the typed value. */
  CompleteResult instanceIds(String typed) {
    if (tooLong(typed)) {
      return EMPTY;
    }
    try {
      return page(
          models().stream()
              .flatMap(m -> m.loadedInstances().stream())
              .map(LoadedInstance::id)
              .filter(id -> fits(id, typed))
              .distinct()
              .toList());
    } catch (RuntimeException e) {
      return failed("instance ids", e);
    }
  }

  /** The caller's session ids that start with the typed value, newest first. */
  CompleteResult sessionIds(McpSyncServerExchange exchange, String typed) {
    if (tooLong(typed)) {
      return EMPTY;
    }
    List<SessionSummary> sessions;
    try {
      // One more than fits tells whether there are more; counting them all would cost a scan.
      sessions = backend.storeFor(exchange).list(typed, 0, MAX_VALUES + 1);
    } catch (RuntimeException e) {
      return failed("session ids", e);
    }
    List<String> ids = sessions.stream().map(SessionSummary::id).toList();
    if (ids.size() <= MAX_VALUES) {
      return page(ids);
    }
    return new CompleteResult(
        new CompleteCompletion(List.copyOf(ids.subList(0, MAX_VALUES)), null, true));
  }

  /** LM Studio's models, asked once on the shared connections, within {@link #DEADLINE}. */
  private List<Model> models() {
    LmStudio shared = backend.client();
    Timeouts limits = shared.timeouts();
    try (LmStudio quick =
        shared
            .newBuilder()
            .retryPolicy(RetryPolicy.none())
            .timeouts(
                limits.withConnect(bounded(limits.connect())).withIdle(bounded(limits.idle())))
            .build()) {
      return quick.models().list();
    }
  }

  /** A limit no longer than {@link #DEADLINE}; zero, no limit, becomes the deadline. */
  private static Duration bounded(Duration limit) {
    return limit.isZero() || limit.compareTo(DEADLINE) > 0 ? DEADLINE : limit;
  }

  /**
   * Whether a key or id fits what was typed: it starts with it, or its part after the publisher
   * does ({@code qw} fits {@code qwen/qwen3-8b}, and so does {@code qwen3}), ignoring case.
   */
  static boolean fits(String key, String typed) {
    String k = key.toLowerCase(Locale.ROOT);
    String t = typed.toLowerCase(Locale.ROOT);
    int slash = k.indexOf('/');
    return k.startsWith(t) || (slash >= 0 && k.startsWith(t, slash + 1));
  }

  private static boolean tooLong(String typed) {
    return typed == null || typed.length() > MAX_TYPED;
  }

  /** At most {@link #MAX_VALUES} of the values, with their total. */
  static CompleteResult page(List<String> values) {
    boolean more = values.size() > MAX_VALUES;
    return new CompleteResult(
        new CompleteCompletion(
            more ? List.copyOf(values.subList(0, MAX_VALUES)) : values, values.size(), more));
  }

  private static CompleteResult failed(String what, RuntimeException e) {
    ServerLog.LOG.debug("cannot complete {}: {}", what, ServerLog.oneLine(e));
    return EMPTY;
  }
}
