package io.github.lmstudiojava.mcp;

import io.github.lmstudiojava.client.LoadedInstance;
import io.github.lmstudiojava.client.Model;
import io.github.lmstudiojava.sessions.Session;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.SessionSummary;
import io.github.lmstudiojava.sessions.Turn;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Resources clients can attach as context: {@code lmstudio://models} (JSON), {@code
 * lmstudio://sessions} (JSON), and the templates {@code lmstudio://sessions/{id}} (a transcript in
 * Markdown), {@code lmstudio://models/{key}} (one model) and {@code lmstudio://instances/{id}} (one
 * loaded instance).
 *
 * <p>A template's variable is one percent-encoded path segment, as {@link #uri(String)} writes it:
 * the model key {@code qwen/qwen3-8b} is {@code lmstudio://models/qwen%2Fqwen3-8b}. The variable
 * also takes the rest of the URI with raw slashes ({@link TailTemplates}), so {@code
 * lmstudio://models/qwen/qwen3-8b} names the same model.
 */
final class Resources {
  static final String MODELS = "lmstudio://models";
  static final String SESSIONS = "lmstudio://sessions";
  static final String INSTANCES_PREFIX = "lmstudio://instances/";
  static final String SESSION_TEMPLATE = SESSIONS + "/{id}";
  static final String MODEL_TEMPLATE = MODELS + "/{key}";
  static final String INSTANCE_TEMPLATE = INSTANCES_PREFIX + "{id}";
  private static final String SESSION_PREFIX = SESSIONS + "/";
  private static final String MODEL_PREFIX = MODELS + "/";
  private static final int MAX_SESSIONS = 1000;

  /** Sessions listed in one page of {@code resources/list}. */
  static final int LIST_PAGE = 100;

  /** The longest model key or instance id looked up, as the tools' {@code model} takes. */
  private static final int MAX_KEY = 256;

  private final Backend backend;

  Resources(Backend backend) {
    this.backend = backend;
  }

  List<SyncResourceSpecification> resources() {
    return List.of(
        new SyncResourceSpecification(
            McpSchema.Resource.builder(MODELS, "models")
                .title("LM Studio models")
                .description("Downloaded and loaded models, with instances and capabilities")
                .mimeType("application/json")
                .build(),
            (exchange, request) -> read(request.uri(), "application/json", models())),
        new SyncResourceSpecification(
            McpSchema.Resource.builder(SESSIONS, "sessions")
                .title("Chat sessions")
                .description("Stored chat sessions, newest first")
                .mimeType("application/json")
                .build(),
            (exchange, request) ->
                read(request.uri(), "application/json", sessions(backend.storeFor(exchange)))));
  }

  List<SyncResourceTemplateSpecification> templates() {
    return List.of(
        new SyncResourceTemplateSpecification(
            McpSchema.ResourceTemplate.builder(SESSION_TEMPLATE, "session")
                .title("Chat transcript")
                .description("One stored chat session as Markdown")
                .mimeType("text/markdown")
                .build(),
            (exchange, request) ->
                read(
                    request.uri(),
                    "text/markdown",
                    transcript(
                        backend.storeFor(exchange),
                        segment(request.uri(), SESSION_PREFIX, "session")))),
        new SyncResourceTemplateSpecification(
            McpSchema.ResourceTemplate.builder(MODEL_TEMPLATE, "model")
                .title("LM Studio model")
                .description("One downloaded model by key, as lmstudio://models lists it")
                .mimeType("application/json")
                .build(),
            (exchange, request) ->
                read(
                    request.uri(),
                    "application/json",
                    model(segment(request.uri(), MODEL_PREFIX, "model")))),
        new SyncResourceTemplateSpecification(
            McpSchema.ResourceTemplate.builder(INSTANCE_TEMPLATE, "instance")
                .title("Loaded model instance")
                .description(
                    "One loaded instance with its load config; completing {id} lists the ids"
                        + (backend.config().tools().offers("model_unload")
                            ? " model_unload takes"
                            : " of the loaded instances"))
                .mimeType("application/json")
                .build(),
            (exchange, request) ->
                read(
                    request.uri(),
                    "application/json",
                    instance(segment(request.uri(), INSTANCES_PREFIX, "instance")))));
  }

  private static ReadResourceResult read(String uri, String mimeType, String text) {
    return new ReadResourceResult(
        List.of(new TextResourceContents(uri, mimeType, text, null)), null);
  }

  private String models() {
    try {
      List<Model> models = backend.client().models().list();
      return Json.write(
          Json.obj()
              .put(
                  "models",
                  Json.maps(
                      models.stream()
                          .map(m -> ModelViews.model(m, backend.config().severalHosts()))
                          .toList()))
              .map());
    } catch (RuntimeException e) {
      throw failure(e);
    }
  }

  /** LM Studio's models; a failure becomes the internal error that names it. */
  private List<Model> listModels() {
    try {
      return backend.client().models().list();
    } catch (RuntimeException e) {
      throw failure(e);
    }
  }

  private String model(String key) {
    checkLength(key, "model key");
    List<Model> models = listModels();
    return modelView(models, key)
        .orElseThrow(
            () ->
                McpError.builder(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND)
                    .message(
                        "No model \""
                            + key
                            + "\" in LM Studio; lmstudio://models lists the downloaded ones")
                    .build());
  }

  /** What {@code lmstudio://models/{key}} shows of these models; empty when none has the key. */
  static Optional<String> modelView(List<Model> models, String key) {
    return models.stream()
        .filter(m -> m.key().equals(key))
        .findFirst()
        .map(m -> Json.write(ModelViews.model(m).map()));
  }

  /** What {@code lmstudio://instances/{id}} shows of these models; empty when none has it. */
  static Optional<String> instanceView(List<Model> models, String id) {
    for (Model m : models) {
      for (LoadedInstance i : m.loadedInstances()) {
        if (i.id().equals(id)) {
          return Optional.of(
              Json.write(
                  Json.obj()
                      .put("id", i.id())
                      .put("model", m.key())
                      .put("type", m.type())
                      .put("config", ModelViews.loadConfig(i.config()))
                      .map()));
        }
      }
    }
    return Optional.empty();
  }

  private String instance(String id) {
    checkLength(id, "instance id");
    List<Model> models = listModels();
    Optional<String> view = instanceView(models, id);
    if (view.isPresent()) {
      return view.get();
    }
    String loaded =
        models.stream()
            .flatMap(m -> m.loadedInstances().stream())
            .map(LoadedInstance::id)
            .collect(Collectors.joining(", "));
    throw McpError.builder(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND)
        .message(
            "No loaded instance \""
                + id
                + "\"; "
                + (loaded.isEmpty() ? "no model is loaded" : "the loaded ones are " + loaded))
        .build();
  }

  private static void checkLength(String value, String what) {
    if (value.length() > MAX_KEY) {
      throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
          .message("A " + what + " has at most " + MAX_KEY + " characters")
          .build();
    }
  }

  private String sessions(SessionStore store) {
    try {
      List<SessionSummary> list = store.list(0, MAX_SESSIONS);
      return Json.write(
          Json.obj()
              .put(
                  "sessions",
                  Json.maps(
                      list.stream()
                          .map(
                              s ->
                                  Json.obj()
                                      .put("id", s.id())
                                      .put("uri", uri(s.id()))
                                      .put("title", s.title())
                                      .put("model", s.model())
                                      .put("turns", s.turnCount())
                                      .put("updated_at", s.updatedAt().toString()))
                          .toList()))
              .map());
    } catch (RuntimeException e) {
      throw failure(e);
    }
  }

  private String transcript(SessionStore store, String id) {
    return findTranscript(store, id)
        .orElseThrow(
            () ->
                McpError.builder(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND)
                    .message("No chat session \"" + id + "\"")
                    .build());
  }

  /**
   * The transcript of a stored session in Markdown, as {@code lmstudio://sessions/{id}} shows it.
   *
   * @param store the store of the user who asks
   * @param id the session id
   * @return the transcript, or empty when the store has no such session
   * @throws McpError an internal error naming the store's failure
   */
  Optional<String> findTranscript(SessionStore store, String id) {
    Session session;
    List<Turn> turns;
    try {
      session = store.find(id).orElse(null);
      turns = session == null ? List.of() : store.history(id);
    } catch (RuntimeException e) {
      throw failure(e);
    }
    if (session == null) {
      return Optional.empty();
    }
    StringBuilder md = new StringBuilder("# Chat session ").append(id).append("\n\n");
    if (session.title() != null) {
      md.append("Title: ").append(session.title()).append("  \n");
    }
    md.append("Model: ").append(session.model() == null ? "none" : session.model()).append("  \n");
    md.append("Created: ").append(session.createdAt()).append("\n");
    if (session.systemPrompt() != null) {
      md.append("\n## System\n\n").append(session.systemPrompt()).append('\n');
    }
    for (Turn t : turns) {
      md.append("\n## ")
          .append(t.index())
          .append(". ")
          .append(t.role().wireName())
          .append(t.model() != null ? " (" + t.model() + ")" : "")
          .append("\n\n")
          .append(t.content() == null ? "" : t.content())
          .append('\n');
    }
    return Optional.of(md.toString());
  }

  /**
   * The value of a template's one variable: the rest of the URI after the prefix, percent-decoded
   * as one path segment.
   *
   * @param uri the URI read
   * @param prefix the template's text before its variable
   * @param what what the URI names, for the error
   * @return the decoded value
   * @throws McpError invalid params when the URI does not fit the prefix or has a bad escape
   */
  static String segment(String uri, String prefix, String what) {
    if (!uri.startsWith(prefix) || uri.length() == prefix.length()) {
      throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
          .message("Not a " + what + " URI: " + uri)
          .build();
    }
    try {
      return decode(uri.substring(prefix.length()));
    } catch (IllegalArgumentException e) {
      throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
          .message("Not a " + what + " URI (a bad %-escape): " + uri)
          .build();
    }
  }

  /**
   * Percent-decodes one path segment of a URI. A '+' stays a plus (URLDecoder would read a form).
   *
   * @throws IllegalArgumentException on a {@code %} not followed by two hex digits
   */
  static String decode(String segment) {
    java.io.ByteArrayOutputStream id = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < segment.length(); i++) {
      int c = segment.codePointAt(i);
      if (c != '%') {
        id.writeBytes(new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(c) - 1;
        continue;
      }
      int hex = i + 3 <= segment.length() ? hex(segment.substring(i + 1, i + 3)) : -1;
      if (hex < 0) {
        throw new IllegalArgumentException("a bad %-escape in " + segment);
      }
      id.write(hex);
      i += 2;
    }
    return id.toString(StandardCharsets.UTF_8);
  }

  private static int hex(String two) {
    int high = Character.digit(two.charAt(0), 16);
    int low = Character.digit(two.charAt(1), 16);
    return high < 0 || low < 0 ? -1 : high * 16 + low;
  }

  /** The transcript's URI, with the id percent-encoded as one path segment. */
  static String uri(String sessionId) {
    StringBuilder b = new StringBuilder(SESSION_PREFIX);
    for (byte c : sessionId.getBytes(StandardCharsets.UTF_8)) {
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        b.append((char) c);
      } else {
        b.append('%').append(String.format("%02X", c & 0xff));
      }
    }
    return b.toString();
  }

  /**
   * The answer to {@code resources/list}: the fixed resources, then the caller's chat sessions,
   * newest first, {@link #LIST_PAGE} a page. The SDK's own answer has only the fixed ones, the same
   * for every user; the transports answer the method with this one instead.
   *
   * @param cursor the {@code nextCursor} of the page before; null for the first page
   */
  McpSchema.ListResourcesResult list(SessionStore store, String cursor) {
    int offset = 0;
    if (cursor != null) {
      try {
        offset = Integer.parseInt(cursor);
      } catch (NumberFormatException e) {
        offset = -1;
      }
      if (offset < 0) {
        throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
            .message("Invalid params: the cursor is not one this server gave.")
            .build();
      }
    }
    java.util.List<McpSchema.Resource> page = new java.util.ArrayList<>();
    if (offset == 0) {
      resources().forEach(r -> page.add(r.resource()));
    }
    List<SessionSummary> sessions;
    try {
      sessions = store.list(offset, LIST_PAGE + 1);
    } catch (RuntimeException e) {
      throw failure(e);
    }
    for (SessionSummary s : sessions.subList(0, Math.min(LIST_PAGE, sessions.size()))) {
      page.add(
          McpSchema.Resource.builder(uri(s.id()), "session " + s.id())
              .title(s.title() != null ? s.title() : "Chat session " + s.id())
              .description(
                  s.turnCount()
                      + " turns"
                      + (s.model() != null ? " with " + s.model() : "")
                      + ", updated "
                      + s.updatedAt())
              .mimeType("text/markdown")
              .build());
    }
    return McpSchema.ListResourcesResult.builder(page)
        .nextCursor(sessions.size() > LIST_PAGE ? String.valueOf(offset + LIST_PAGE) : null)
        .build();
  }

  private McpError failure(RuntimeException e) {
    return McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR)
        .message(ToolErrors.describe(e, null, backend))
        .build();
  }
}
