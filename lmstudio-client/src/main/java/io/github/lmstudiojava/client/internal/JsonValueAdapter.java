package io.github.lmstudiojava.client.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Reads free-form JSON (tool arguments, unknown items) keeping integers as {@code Long}, so {@code
 * {"limit": 1}} stays {@code 1} instead of becoming {@code 1.0}.
 */
public final class JsonValueAdapter extends JsonAdapter<Object> {
  /** Installs this adapter for {@code Object} in a {@code Moshi.Builder}. */
  public static final JsonAdapter.Factory FACTORY =
      (type, annotations, moshi) ->
          type == Object.class && annotations.isEmpty()
              ? new JsonValueAdapter(moshi.nextAdapter(JsonValueAdapter.FACTORY, type, annotations))
              : null;

  private final JsonAdapter<Object> delegate;

  private JsonValueAdapter(JsonAdapter<Object> delegate) {
    this.delegate = delegate;
  }

  @Override
  public Object fromJson(JsonReader reader) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT:
        Map<String, Object> object = new java.util.LinkedHashMap<>();
        reader.beginObject();
        while (reader.hasNext()) {
          object.put(reader.nextName(), fromJson(reader));
        }
        reader.endObject();
        return object;
      case BEGIN_ARRAY:
        List<Object> array = new java.util.ArrayList<>();
        reader.beginArray();
        while (reader.hasNext()) {
          array.add(fromJson(reader));
        }
        reader.endArray();
        return array;
      case NUMBER:
        String number = reader.nextString();
        if (number.indexOf('.') < 0 && number.indexOf('e') < 0 && number.indexOf('E') < 0) {
          try {
            return Long.parseLong(number);
          } catch (NumberFormatException tooLarge) {
            return new java.math.BigDecimal(number);
          }
        }
        return Double.parseDouble(number);
      default:
        return reader.readJsonValue();
    }
  }

  @Override
  public void toJson(JsonWriter writer, Object value) throws IOException {
    delegate.toJson(writer, value);
  }
}
