package io.github.lmstudiojava.client.legacy;

import com.squareup.moshi.JsonAdapter;
import io.github.lmstudiojava.client.LmStudioHttpException;
import io.github.lmstudiojava.client.LmStudioTimeoutException;
import io.github.lmstudiojava.client.ModelNotFoundException;
import io.github.lmstudiojava.client.Timeouts;
import io.github.lmstudiojava.client.internal.Transport;
import java.util.List;
import java.util.Objects;

/**
 * LM Studio's legacy REST API ({@code /api/v0/*}, LM Studio 0.3.6 or newer): model state, runtime
 * and per-request stats. Reached through {@code lms.legacy()}.
 *
 * <pre>{@code
 * lms.legacy().models();                                      // with state loaded / not-loaded
 * lms.legacy().model("qwen2-vl-7b-instruct").isLoaded();
 * lms.legacy().chatCompletion("granite-3.0-2b-instruct", "Hi").stats().tokensPerSecond();
 * }</pre>
 *
 * <p>Every call waits for the whole answer: this client does not stream from {@code /api/v0}. Use
 * {@code lms.streamChat(...)} (native) or the OpenAI-compatible surface to stream. New code should
 * prefer the native {@code /api/v1} API; this one remains for what only it reports.
 */
public final class Legacy {
  private static final String MODELS = "api/v0/models";

  private final Transport transport;
  private final Timeouts timeouts;

  /**
   * Creates the surface; use {@code LmStudio.legacy()} instead.
   *
   * @param transport the client's transport
   * @param timeouts the client's limits
   * @hidden
   */
  public Legacy(Transport transport, Timeouts timeouts) {
    this.transport = Objects.requireNonNull(transport, "transport == null");
    this.timeouts = Objects.requireNonNull(timeouts, "timeouts == null");
  }

  /**
   * Every model LM Studio has, loaded or not ({@code GET /api/v0/models}). Retried per the client's
   * retry policy.
   *
   * @return the models
   */
  public List<V0Model> models() {
    String body = transport.get(MODELS, timeouts.idle());
    return LegacyJson.models(body, "GET /" + MODELS);
  }

  /**
   * One model ({@code GET /api/v0/models/{id}}). Retried per the client's retry policy.
   *
   * @param id the model id, such as {@code qwen2-vl-7b-instruct}; percent-encoded into the path
   * @return the model
   * @throws ModelNotFoundException when LM Studio has no model with that id
   * @throws IllegalArgumentException when the id is blank, {@code .} or {@code ..}
   */
  public V0Model model(String id) {
    Objects.requireNonNull(id, "id == null");
    // "." and ".." are dot segments: the URL would name the list or the API root instead.
    if (id.isBlank() || id.equals(".") || id.equals("..")) {
      throw new IllegalArgumentException("not a model id: " + id);
    }
    String path = MODELS + "/" + Transport.encodePathSegment(id);
    String body;
    try {
      body = transport.get(path, timeouts.idle());
    } catch (ModelNotFoundException e) {
      throw e;
    } catch (LmStudioHttpException e) {
      if (e.statusCode() != 404) {
        throw e;
      }
      // A 404 from this route means the id is unknown, whatever words the body uses.
      throw new ModelNotFoundException(
          e.getMessage() + " No model has the id " + id + "; list them with lms.legacy().models().",
          e.statusCode(),
          e.errorType(),
          e.errorCode(),
          e.param(),
          e.serverMessage());
    }
    return LegacyJson.read(LegacyJson.MODEL, body, "GET /" + path);
  }

  /**
   * Sends one user text and waits for the answer.
   *
   * @param model the model id
   * @param text the user's text
   * @return the completion; {@link V0ChatCompletion#text()} is the answer
   */
  public V0ChatCompletion chatCompletion(String model, String text) {
    return chatCompletion(V0ChatRequest.of(model, text));
  }

  /**
   * Sends a conversation and waits for the answer ({@code POST /api/v0/chat/completions}), at most
   * {@link Timeouts#call()}. Never retried.
   *
   * @param request the request
   * @return the completion, with stats, model info and runtime
   */
  public V0ChatCompletion chatCompletion(V0ChatRequest request) {
    Objects.requireNonNull(request, "request == null");
    return post("api/v0/chat/completions", LegacyJson.chatRequest(request), LegacyJson.CHAT);
  }

  /**
   * Continues a prompt with the defaults.
   *
   * @param model the model id
   * @param prompt the text to continue
   * @return the completion; {@link V0Completion#text()} is the continuation
   */
  public V0Completion completion(String model, String prompt) {
    return completion(V0CompletionRequest.of(model, prompt));
  }

  /**
   * Continues a prompt ({@code POST /api/v0/completions}), at most {@link Timeouts#call()}. Never
   * retried.
   *
   * @param request the request
   * @return the completion, with stats, model info and runtime
   */
  public V0Completion completion(V0CompletionRequest request) {
    Objects.requireNonNull(request, "request == null");
    return post("api/v0/completions", LegacyJson.completionRequest(request), LegacyJson.COMPLETION);
  }

  /**
   * Embeds texts with the defaults.
   *
   * @param model the embedding model id
   * @param input the texts
   * @return one vector per text
   */
  public V0Embeddings embeddings(String model, String... input) {
    return embeddings(V0EmbeddingRequest.of(model, input));
  }

  /**
   * Embeds texts ({@code POST /api/v0/embeddings}), at most {@link Timeouts#call()}. Never retried.
   *
   * @param request the request
   * @return one vector per text
   */
  public V0Embeddings embeddings(V0EmbeddingRequest request) {
    Objects.requireNonNull(request, "request == null");
    return post("api/v0/embeddings", LegacyJson.embeddingRequest(request), LegacyJson.EMBEDDINGS);
  }

  private <T> T post(String path, String json, JsonAdapter<T> adapter) {
    String body = transport.post(path, json, timeouts.call(), LmStudioTimeoutException.Kind.CALL);
    return LegacyJson.read(adapter, body, "POST /" + path);
  }
}
