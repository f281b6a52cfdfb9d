package io.github.lmstudiojava.client.legacy;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import io.github.lmstudiojava.client.LmStudioProtocolException;
import io.github.lmstudiojava.client.internal.JsonValueAdapter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import okio.Buffer;

/** JSON of the legacy {@code /api/v0} API: Moshi for answers, hand-written request bodies. */
final class LegacyJson {
  private static final Moshi MOSHI = new Moshi.Builder().add(JsonValueAdapter.FACTORY).build();

  static final JsonAdapter<V0Model> MODEL = MOSHI.adapter(V0Model.class);
  static final JsonAdapter<V0ChatCompletion> CHAT = MOSHI.adapter(V0ChatCompletion.class);
  static final JsonAdapter<V0Completion> COMPLETION = MOSHI.adapter(V0Completion.class);
  static final JsonAdapter<V0Embeddings> EMBEDDINGS = MOSHI.adapter(V0Embeddings.class);
  private static final JsonAdapter<List<V0Model>> MODELS =
      MOSHI.adapter(Types.newParameterizedType(List.class, V0Model.class));
  private static final JsonReader.Options DATA_KEY = JsonReader.Options.of("data");

  private LegacyJson() {}

  static List<V0Model> models(String body, String what) {
    try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(body))) {
      List<V0Model> models = null;
      reader.beginObject();
      while (reader.hasNext()) {
        if (reader.selectName(DATA_KEY) == 0) {
          models = MODELS.fromJson(reader);
        } else {
          reader.skipName();
          reader.skipValue();
        }
      }
      reader.endObject();
      if (models == null) {
        throw new JsonDataException("no \"data\" array");
      }
      return List.copyOf(models);
    } catch (IOException | JsonDataException | NullPointerException e) {
      throw unreadable(what, e);
    }
  }

  static <T> T read(JsonAdapter<T> adapter, String body, String what) {
    try {
      T value = adapter.fromJson(body);
      if (value == null) {
        throw new JsonDataException("body is null");
      }
      return value;
    } catch (IOException | JsonDataException | NullPointerException e) {
      // NullPointerException: a record's checks refused a null where LM Studio sent one.
      throw unreadable(what, e);
    }
  }

  private static LmStudioProtocolException unreadable(String what, Exception e) {
    return new LmStudioProtocolException(
        "Could not read LM Studio's answer to " + what + ": " + e.getMessage(), e);
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

  private interface Body {
    void write(JsonWriter w) throws IOException;
  }

  private static String write(Body body) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject();
      body.write(w);
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }
}
