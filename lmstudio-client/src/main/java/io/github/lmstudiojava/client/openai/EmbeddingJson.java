package io.github.lmstudiojava.client.openai;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import okio.Buffer;

/**
 * Reads a {@code /v1/embeddings} answer, decoding each vector straight into a {@code float[]} and
 * putting the vectors in input order by their {@code index}.
 */
final class EmbeddingJson {
  private static final JsonReader.Options TOP = JsonReader.Options.of("data", "model", "usage");
  private static final JsonReader.Options ITEM = JsonReader.Options.of("index", "embedding");

  private EmbeddingJson() {}

  /**
   * The result of a request with {@code inputs} texts.
   *
   * @throws io.github.lmstudiojava.client.LmStudioProtocolException when the body is malformed or
   *     does not hold one vector per input
   */
  static EmbeddingResult read(String body, int inputs, String what) {
    try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(body))) {
      float[][] vectors = null;
      String model = null;
      CompletionUsage usage = null;
      reader.beginObject();
      while (reader.hasNext()) {
        switch (reader.selectName(TOP)) {
          case 0:
            vectors = readData(reader, inputs);
            break;
          case 1:
            model =
                reader.peek() == JsonReader.Token.NULL ? reader.nextNull() : reader.nextString();
            break;
          case 2:
            usage = ChatCompletionJson.USAGE.fromJson(reader);
            break;
          default:
            reader.skipName();
            reader.skipValue();
        }
      }
      reader.endObject();
      if (vectors == null) {
        throw new JsonDataException("no \"data\" array");
      }
      return new EmbeddingResult(model, Arrays.asList(vectors), usage);
    } catch (IOException | JsonDataException e) {
      throw ChatCompletionJson.unreadable(what, e);
    }
  }

  private static float[][] readData(JsonReader reader, int inputs) throws IOException {
    List<float[]> arrived = new ArrayList<>(inputs);
    List<Integer> indices = new ArrayList<>(inputs);
    reader.beginArray();
    while (reader.hasNext()) {
      Integer index = null;
      float[] vector = null;
      reader.beginObject();
      while (reader.hasNext()) {
        int name = reader.selectName(ITEM);
        if (name == 0) {
          index = reader.nextInt();
        } else if (name == 1) {
          vector = ChatCompletionJson.FLOATS.fromJson(reader);
        } else {
          reader.skipName();
          reader.skipValue();
        }
      }
      reader.endObject();
      if (vector == null) {
        throw new JsonDataException("no \"embedding\" in item " + arrived.size());
      }
      arrived.add(vector);
      indices.add(index);
    }
    reader.endArray();
    if (arrived.size() != inputs) {
      throw new JsonDataException(arrived.size() + " vectors for " + inputs + " inputs");
    }
    float[][] ordered = new float[inputs][];
    for (int i = 0; i < inputs; i++) {
      // Without an index, an item's position is its index.
      int index = indices.get(i) == null ? i : indices.get(i);
      if (index < 0 || index >= inputs || ordered[index] != null) {
        throw new JsonDataException("bad or repeated index " + index + " in item " + i);
      }
      ordered[index] = arrived.get(i);
    }
    return ordered;
  }
}
