package io.github.lmstudiojava.testing;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the compatible endpoints share: model lookup with just-in-time loading (as LM Studio does
 * when a request names a model that is on disk but not loaded), deterministic ids and timestamps,
 * reasoning text, token counts and the pacing of streamed tokens. Thread-safe.
 */
final class Inference {
  /** The {@code created} time of the first answer, in Unix seconds; each answer adds one. */
  static final long CREATED = 1_760_000_000L;

  final FakeModels models;

  /** Whether a prompt longer than the context gets an empty answer (LM Studio 0.3.x). */
  final boolean emptyAnswerOnOverflow;

  final long firstTokenDelayNanos;
  final long tokenDelayNanos;
  private final AtomicLong sequence = new AtomicLong();

  /** A model ready to answer: its catalogue entry, instance and loaded context length. */
  record Target(FakeModel model, String instanceId, int contextLength) {}

  Inference(
      FakeModels models,
      boolean emptyAnswerOnOverflow,
      long firstTokenDelayNanos,
      long tokenDelayNanos) {
    this.models = models;
    this.emptyAnswerOnOverflow = emptyAnswerOnOverflow;
    this.firstTokenDelayNanos = firstTokenDelayNanos;
    this.tokenDelayNanos = tokenDelayNanos;
  }

  /** The next number for ids and timestamps: 1, 2, 3 ... */
  long next() {
    return sequence.incrementAndGet();
  }

  /** An id such as {@code chatcmpl-000000000000000000000003}. */
  static String id(String prefix, long n) {
    return prefix + String.format(Locale.ROOT, "%024d", n);
  }

  /** The LLM a generation request names, loaded first when it is not. */
  Target llm(String key) {
    FakeModel model = models.find(key);
    if (model == null) {
      throw Params.unknownModel(key);
    }
    if (model.isEmbedding()) {
      throw Params.invalid(
          "\"" + key + "\" is an embedding model and cannot generate text",
          "invalid_value",
          "model");
    }
    String instance = models.loadedInstance(key);
    if (instance == null) {
      instance = models.load(model, null);
    }
    return new Target(model, instance, models.contextLength(instance));
  }

  /** The embedding model an embeddings request names. */
  FakeModel embedding(String key) {
    FakeModel model = models.find(key);
    if (model == null) {
      throw Params.unknownModel(key);
    }
    if (!model.isEmbedding()) {
      throw Params.invalid(
          "\"" + key + "\" is not an embedding model; load an embedding model to create embeddings",
          "invalid_value",
          "model");
    }
    if (models.loadedInstance(key) == null) {
      models.load(model, null);
    }
    return model;
  }

  /**
   * The reasoning a reasoning model writes before answering (none when {@code off} or {@code none}
   * is asked), or null for other models.
   */
  static String reasoning(FakeModel model, String effort, Conversation conversation) {
    if (model.reasoningOptions().isEmpty() || "none".equals(effort) || "off".equals(effort)) {
      return null;
    }
    return "The user wrote " + conversation.userText().length() + " characters; I will answer.";
  }

  /** The error when the prompt does not fit the loaded context, or null when it fits. */
  static Params.Rejected overflow(int promptTokens, Target target) {
    if (promptTokens <= target.contextLength()) {
      return null;
    }
    return new Params.Rejected(
        400,
        "invalid_request",
        "The prompt has "
            + promptTokens
            + " tokens, more than the context length of "
            + target.contextLength()
            + " tokens the model is loaded with. Load it with a larger context length or send a"
            + " shorter prompt.",
        "context_length_exceeded",
        null);
  }

  /** A deterministic token count: one token per four characters, rounded up. */
  static int tokens(String text) {
    return FakeChat.tokens(text);
  }
}
