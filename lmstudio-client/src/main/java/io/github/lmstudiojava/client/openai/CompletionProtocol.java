package io.github.lmstudiojava.client.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The chunk stream of {@code POST /v1/completions}: each chunk is a {@link Completion} holding a
 * piece of text per choice; the result joins the pieces.
 */
final class CompletionProtocol extends ChunkStreamProtocol<Completion, Completion> {
  private final Map<Integer, StringBuilder> texts = new TreeMap<>();
  private final Map<Integer, String> finishReasons = new TreeMap<>();
  private String id;
  private Long created;
  private String model;
  private String systemFingerprint;
  private CompletionUsage usage;
  private CompletionStats stats;

  CompletionProtocol(String what) {
    super(ChatCompletionJson.COMPLETION, what);
  }

  @Override
  public void accept(Completion chunk) {
    id = id == null ? chunk.id() : id;
    created = created == null ? chunk.created() : created;
    model = model == null ? chunk.model() : model;
    systemFingerprint =
        chunk.systemFingerprint() != null ? chunk.systemFingerprint() : systemFingerprint;
    usage = chunk.usage() != null ? chunk.usage() : usage;
    stats = chunk.stats() != null ? chunk.stats() : stats;
    for (Completion.Choice choice : chunk.choices()) {
      texts.computeIfAbsent(choice.index(), i -> new StringBuilder()).append(choice.text());
      if (choice.finishReason() != null) {
        finishReasons.put(choice.index(), choice.finishReason());
      }
    }
  }

  @Override
  Completion build() {
    List<Completion.Choice> choices = new ArrayList<>(texts.size());
    for (Map.Entry<Integer, StringBuilder> text : texts.entrySet()) {
      choices.add(
          new Completion.Choice(
              text.getKey(), text.getValue().toString(), finishReasons.get(text.getKey())));
    }
    return new Completion(id, created, model, choices, usage, stats, systemFingerprint);
  }

  @Override
  boolean allFinished() {
    return !texts.isEmpty() && finishReasons.keySet().containsAll(texts.keySet());
  }

  @Override
  public String partialText() {
    StringBuilder first = texts.isEmpty() ? null : texts.values().iterator().next();
    return first == null ? "" : first.toString();
  }
}
