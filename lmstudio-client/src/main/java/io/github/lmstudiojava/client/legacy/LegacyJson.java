package io.github.lmstudiojava.client.legacy;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import io.github.lmstudiojava.client.internal.JsonBodies;
import io.github.lmstudiojava.client.internal.JsonValueAdapter;
import io.github.lmstudiojava.client.internal.RecordAdapter;
import java.io.IOException;
import java.util.List;

/** JSON of the legacy {@code /api/v0} API: Moshi for answers, hand-written request bodies. */
final class LegacyJson {
  private static final Moshi MOSHI =
      new Moshi.Builder().add(JsonValueAdapter.FACTORY).add(RecordAdapter.FACTORY).build();

  static final JsonAdapter<V0Model> MODEL = MOSHI.adapter(V0Model.class);
  static final JsonAdapter<V0ChatCompletion> CHAT = MOSHI.adapter(V0ChatCompletion.class);
  static final JsonAdapter<V0Completion> COMPLETION = MOSHI.adapter(V0Completion.class);
  static final JsonAdapter<V0Embeddings> EMBEDDINGS = MOSHI.adapter(V0Embeddings.class);
  private static final JsonAdapter<List<V0Model>> MODELS =
      MOSHI.adapter(Types.newParameterizedType(List.class, V0Model.class));

  private LegacyJson() {}

  static List<V0Model> models(String body, String what) {
    return JsonBodies.array(MODELS, body, "data", what);
  }

  static <T> T read(JsonAdapter<T> adapter, String body, String what) {
    return JsonBodies.read(adapter, body, what);
  }

  static String chatRequest(V0ChatRequest r) {
    return write(
        w -> {
          w.name("model").value(r.model());
          w.name("messages").beginArray();
          for (V0Message message : r.messages()) {
            w.beginObject();
            w.name("role").value(message.role());
            w.name("content").value(message.content());
            w.endObject();
          }
          w.endArray();
          common(w, r.temperature(), r.maxTokens(), r.ttl(), r.draftModel());
        });
  }

  static String completionRequest(V0CompletionRequest r) {
    return write(
        w -> {
          w.name("model").value(r.model());
          w.name("prompt").value(r.prompt());
          common(w, r.temperature(), r.maxTokens(), r.ttl(), r.draftModel());
          if (r.stop().size() == 1) {
            w.name("stop").value(r.stop().get(0));
          } else if (!r.stop().isEmpty()) {
            w.name("stop").beginArray();
            for (String stop : r.stop()) {
              w.value(stop);
            }
            w.endArray();
          }
        });
  }

  static String embeddingRequest(V0EmbeddingRequest r) {
    return write(
        w -> {
          w.name("model").value(r.model());
          w.name("input");
          if (r.input().size() == 1) {
            w.value(r.input().get(0));
          } else {
            w.beginArray();
            for (String input : r.input()) {
              w.value(input);
            }
            w.endArray();
          }
          if (r.ttl() != null) {
            w.name("ttl").value(r.ttl());
          }
        });
  }

  /** The options chat and text completions share; {@code stream} is always false here. */
  private static void common(
      JsonWriter w, Double temperature, Integer maxTokens, Integer ttl, String draftModel)
      throws IOException {
    if (temperature != null) {
      w.name("temperature").value(temperature);
    }
    if (maxTokens != null) {
      w.name("max_tokens").value(maxTokens);
    }
    w.name("stream").value(false);
    if (ttl != null) {
      w.name("ttl").value(ttl);
    }
    if (draftModel != null) {
      w.name("draft_model").value(draftModel);
    }
  }

  private static String write(JsonBodies.ObjectBody body) {
    return JsonBodies.object(body);
  }
}
