package io.github.lmstudiojava.testing;

import java.net.URI;
import java.util.Map;

/**
 * Routes the compatible endpoints: OpenAI's {@code /v1/*}, Anthropic's {@code /v1/messages} and the
 * legacy {@code /api/v0/*}.
 */
final class CompatRoutes {
  private static final String V0_MODELS = "/api/v0/models/";

  private final CompatModels models;
  private final OpenAiChat chat;
  private final OpenAiCompletions completions;
  private final FakeEmbeddings embeddings;
  private final OpenAiResponses responses;
  private final AnthropicMessages messages;

  CompatRoutes(Inference inference) {
    this.models = new CompatModels(inference.models);
    this.chat = new OpenAiChat(inference);
    this.completions = new OpenAiCompletions(inference);
    this.embeddings = new FakeEmbeddings(inference);
    this.responses = new OpenAiResponses(inference);
    this.messages = new AnthropicMessages(inference);
  }

  /** The answer, or null when the request is not for a compatible endpoint. */
  Reply route(FakeRequest sent) {
    String path = sent.path();
    if (sent.method().equals("GET")) {
      if (path.equals("/v1/models")) {
        return models.openAiList();
      }
      if (path.equals("/api/v0/models")) {
        return models.legacyList();
      }
      if (path.startsWith(V0_MODELS) && path.length() > V0_MODELS.length()) {
        return models.legacyModel(decode(path.substring(V0_MODELS.length())));
      }
      return null;
    }
    if (!sent.method().equals("POST")) {
      return null;
    }
    switch (path) {
      case "/v1/chat/completions":
        return chat.complete(body(sent), false);
      case "/api/v0/chat/completions":
        return chat.complete(body(sent), true);
      case "/v1/completions":
        return completions.complete(body(sent), false);
      case "/api/v0/completions":
        return completions.complete(body(sent), true);
      case "/v1/embeddings":
      case "/api/v0/embeddings":
        return embeddings.embed(body(sent));
      case "/v1/responses":
        return responses.create(body(sent));
      case "/v1/messages":
        return messages.create(body(sent));
      default:
        return null;
    }
  }

  /**
   * The model id in the path: a key such as {@code ibm/granite-4-micro} arrives whole or with its
   * slash percent-encoded as one segment ({@code ibm%2Fgranite-4-micro}); both name the model.
   */
  private static String decode(String id) {
    try {
      return URI.create("/" + id).getPath().substring(1);
    } catch (IllegalArgumentException e) {
      return id;
    }
  }

  static Map<String, Object> body(FakeRequest sent) {
    if (sent.json() == null) {
      throw Params.invalid("The request body must be a JSON object", "invalid_json", null);
    }
    return sent.json();
  }
}
