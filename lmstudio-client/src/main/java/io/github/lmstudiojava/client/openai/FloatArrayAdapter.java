package io.github.lmstudiojava.client.openai;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads a JSON array of numbers straight into a {@code float[]}, without boxing each number into a
 * {@code List<Double>}: an embedding has hundreds or thousands of them. Each number is rounded
 * once, from its decimal text to the nearest float. Also reads OpenAI's base64 encoding
 * (little-endian float32), should a server send it.
 */
final class FloatArrayAdapter extends JsonAdapter<float[]> {
  /** Moshi hands array types over as {@code GenericArrayType}s, so the raw type is compared. */
  static final JsonAdapter.Factory FACTORY =
      (type, annotations, moshi) ->
          Types.getRawType(type) == float[].class && annotations.isEmpty()
              ? new FloatArrayAdapter()
              : null;

  /** The last length read, to size the next buffer: the vectors of one model share a length. */
  private volatile int lastLength = 64;

  @Override
  public float[] fromJson(JsonReader reader) throws IOException {
    JsonReader.Token token = reader.peek();
    if (token == JsonReader.Token.NULL) {
      return reader.nextNull();
    }
    if (token == JsonReader.Token.STRING) {
      return fromBase64(reader.nextString(), reader.getPath());
    }
    float[] values = new float[Math.max(lastLength, 16)];
    int n = 0;
    reader.beginArray();
    while (reader.hasNext()) {
      if (n == values.length) {
        values = Arrays.copyOf(values, n * 2);
      }
      if (reader.peek() != JsonReader.Token.NUMBER) {
        throw new JsonDataException("expected a number at " + reader.getPath());
      }
      values[n++] = Float.parseFloat(reader.nextString());
    }
    reader.endArray();
    lastLength = n;
    return n == values.length ? values : Arrays.copyOf(values, n);
  }

  private static float[] fromBase64(String text, String path) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new JsonDataException("expected numbers or base64 at " + path, e);
    }
    if (bytes.length % 4 != 0) {
      throw new JsonDataException("base64 floats of " + bytes.length + " bytes at " + path);
    }
    float[] values = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }

  @Override
  public void toJson(JsonWriter writer, float[] values) throws IOException {
    if (values == null) {
      writer.nullValue();
      return;
    }
    writer.beginArray();
    for (float value : values) {
      // Float's own text is the shortest that reads back to the same float.
      writer.value(Float.valueOf(value));
    }
    writer.endArray();
  }
}
