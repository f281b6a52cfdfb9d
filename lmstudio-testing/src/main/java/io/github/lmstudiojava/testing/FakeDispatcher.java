package io.github.lmstudiojava.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;

/**
 * Routes each request: records it, checks the token, applies a scripted reply, else answers as LM
 * Studio's native or compatible API would, with errors in the shape of the path's API family.
 */
final class FakeDispatcher extends Dispatcher {
  private static final String STATUS_PREFIX = "/api/v1/models/download/status/";

  private final String apiToken;
  private final boolean missingTokenAnswers200;
  private final FakeModels models;
  private final FakeDownloads downloads;
  private final FakeChat chat;
  private final CompatRoutes compat;
  private final Responses responses;
  private final int kept;
  private final Runnable forget;
  private final ArrayDeque<FakeRequest> recorded = new ArrayDeque<>(); // guarded by itself
  private final BlockingQueue<FakeRequest> untaken = new LinkedBlockingQueue<>();
  private final AtomicInteger count = new AtomicInteger();
  private final Queue<FakeReply> anyScripts = new ConcurrentLinkedQueue<>();
  private final Queue<FakeReply> chatScripts = new ConcurrentLinkedQueue<>();

  /**
   * @param kept how many requests to keep for {@link #recorded} and {@link #untaken}; older ones
   *     are dropped, so that a fake running for hours holds a bounded number
   * @param forget drops the server's own copy of a request once recorded here
   */
  FakeDispatcher(
      int kept,
      Runnable forget,
      String apiToken,
      boolean missingTokenAnswers200,
      FakeModels models,
      FakeDownloads downloads,
      FakeChat chat,
      CompatRoutes compat,
      Responses responses) {
    this.kept = kept;
    this.forget = forget;
    this.apiToken = apiToken;
    this.missingTokenAnswers200 = missingTokenAnswers200;
    this.models = models;
    this.downloads = downloads;
    this.chat = chat;
    this.compat = compat;
    this.responses = responses;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    FakeRequest sent = record(request);
    if (apiToken != null && !authorized(sent)) {
      return responses.complete(unauthorized(sent));
    }
    FakeReply script = anyScripts.poll();
    if (script == null && isChat(sent)) {
      script = chatScripts.poll();
    }
    if (script != null && !Responses.needsGenerated(script)) {
      return responses.scripted(script, null);
    }
    Reply reply = answer(sent);
    return script == null ? responses.complete(reply) : responses.scripted(script, reply);
  }

  private Reply answer(FakeRequest sent) {
    try {
      return route(sent);
    } catch (Params.Rejected e) {
      return Dialect.of(sent.path()).render(e);
    }
  }

  /**
   * The answer to a request without the right token: since LM Studio 0.4.18, 401 with code {@code
   * invalid_api_key} (agustif/opencode-lmstudio#41 shows the body, not the status; 401 is the
   * status the token settings call for); with the 0.4.2 to 0.4.17 behaviour, status 200 and the
   * unknown-route error string (agustif/opencode-lmstudio#9, burnsbert/ComfyUI-EBU-LMStudio#7).
   */
  private Reply unauthorized(FakeRequest sent) {
    if (missingTokenAnswers200) {
      return Reply.ok(
          Json.object(
              "error",
              "Unexpected endpoint or method. (" + sent.line() + ") Returning 200 anyway"));
    }
    boolean none = sent.header("Authorization") == null && sent.header("x-api-key") == null;
    return Dialect.of(sent.path())
        .error(
            401,
            "invalid_request",
            none
                ? "An LM Studio API token is required to make requests to this server. Send it"
                    + " as Authorization: Bearer <token>."
                : "The LM Studio API token is not valid.",
            "invalid_api_key",
            null);
  }

  /**
   * Whether the request carries the token: as a bearer token, or as {@code x-api-key}, which LM
   * Studio documents for its Anthropic-compatible endpoint and the fake accepts on every path.
   */
  private boolean authorized(FakeRequest sent) {
    return ("Bearer " + apiToken).equals(sent.header("Authorization"))
        || apiToken.equals(sent.header("x-api-key"));
  }

  private Reply route(FakeRequest sent) {
    String path = sent.path();
    if (sent.method().equals("GET") && path.equals("/api/v1/models")) {
      return models.list();
    }
    if (sent.method().equals("GET") && path.startsWith(STATUS_PREFIX)) {
      String jobId = path.substring(STATUS_PREFIX.length());
      if (!jobId.isEmpty() && !jobId.contains("/")) {
        return downloads.status(jobId);
      }
    }
    Reply compatible = compat.route(sent);
    if (compatible != null) {
      return compatible;
    }
    if (sent.method().equals("POST")) {
      switch (path) {
        case "/api/v1/models/load":
          return models.load(NativeSchemas.load(body(sent)));
        case "/api/v1/models/unload":
          return models.unload(NativeSchemas.unload(body(sent)));
        case "/api/v1/models/download":
          return downloads.start(NativeSchemas.download(body(sent)));
        case "/api/v1/chat":
          return chat.chat(NativeSchemas.chat(body(sent)));
        default:
          break;
      }
    }
    // LM Studio answers an unknown route with status 200 and a bare error string.
    return Reply.ok(Json.object("error", "Unexpected endpoint or method. (" + sent.line() + ")"));
  }

  private static Map<String, Object> body(FakeRequest sent) {
    return CompatRoutes.body(sent);
  }

  private static boolean isChat(FakeRequest sent) {
    return sent.method().equals("POST") && sent.path().equals("/api/v1/chat");
  }

  private FakeRequest record(RecordedRequest request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    Headers raw = request.getHeaders();
    for (int i = 0; i < raw.size(); i++) {
      headers.computeIfAbsent(raw.name(i), n -> new ArrayList<>()).add(raw.value(i));
    }
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    FakeRequest sent =
        new FakeRequest(
            request.getMethod(),
            request.getUrl().encodedPath(),
            request.getUrl().encodedQuery(),
            headers,
            body,
            Json.parseObject(body));
    synchronized (recorded) {
      recorded.addLast(sent);
      if (recorded.size() > kept) {
        recorded.removeFirst();
      }
    }
    untaken.add(sent);
    while (untaken.size() > kept) {
      untaken.poll();
    }
    count.incrementAndGet();
    forget.run();
    return sent;
  }

  void enqueue(FakeReply reply) {
    anyScripts.add(reply);
  }

  void enqueueChat(FakeReply reply) {
    chatScripts.add(reply);
  }

  List<FakeRequest> recorded() {
    synchronized (recorded) {
      return List.copyOf(recorded);
    }
  }

  /** How many requests arrived, kept or not. */
  int count() {
    return count.get();
  }

  BlockingQueue<FakeRequest> untaken() {
    return untaken;
  }
}
