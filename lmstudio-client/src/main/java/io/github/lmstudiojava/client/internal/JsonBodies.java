package io.github.lmstudiojava.client.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import io.github.lmstudiojava.client.LmStudioProtocolException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import okio.Buffer;

/**
 * Reading response bodies and writing request bodies, the same way for every surface: an unreadable
 * body is a {@link LmStudioProtocolException} naming the request, and a request body is a JSON
 * object written field by field so absent options are left out.
 */
public final class JsonBodies {
  private JsonBodies() {}

  /** Writes the fields of a JSON object. */
  @FunctionalInterface
  public interface ObjectBody {
    /**
     * Writes names and values between the object's braces.
     *
     * @param writer the writer, inside the object
     * @throws IOException never, for an in-memory buffer
     */
    void write(JsonWriter writer) throws IOException;
  }

  /**
   * A JSON object as text.
   *
   * @param body writes the object's fields
   * @return the JSON text
   */
  public static String object(ObjectBody body) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.beginObject();
      body.write(writer);
      writer.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  /**
   * Reads a whole body.
   *
   * @param adapter the adapter of the body's type
   * @param body the body text
   * @param what the request, such as {@code GET /api/v1/models}, for the message
   * @param <T> the body's type
   * @return the value; never null
   * @throws LmStudioProtocolException when the body is not JSON of that type
   */
  public static <T> T read(JsonAdapter<T> adapter, String body, String what) {
    try {
      T value = adapter.fromJson(body);
      if (value == null) {
        throw new JsonDataException("body is null");
      }
      return value;
    } catch (IOException | JsonDataException | NullPointerException | IllegalArgumentException e) {
      // A record's own checks may refuse what LM Studio sent; that is unreadable too.
      throw unreadable(what, e);
    }
  }

  /**
   * Reads the array under one top-level key of a body, such as {@code models} or {@code data}.
   *
   * @param adapter the adapter of the array
   * @param body the body text
   * @param field the key
   * @param what the request, for the message
   * @param <T> the element type
   * @return the elements, unmodifiable
   * @throws LmStudioProtocolException when the body is not an object with that array
   */
  public static <T> List<T> array(
      JsonAdapter<List<T>> adapter, String body, String field, String what) {
    JsonReader.Options key = JsonReader.Options.of(field);
    try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(body))) {
      List<T> values = null;
      reader.beginObject();
      while (reader.hasNext()) {
        if (reader.selectName(key) == 0) {
          values = adapter.fromJson(reader);
        } else {
          reader.skipName();
          reader.skipValue();
        }
      }
      reader.endObject();
      if (values == null) {
        throw new JsonDataException("no \"" + field + "\" array");
      }
      return List.copyOf(values);
    } catch (IOException | JsonDataException | NullPointerException | IllegalArgumentException e) {
      throw unreadable(what, e);
    }
  }

  /**
   * The exception for a body that could not be read.
   *
   * @param what the request, such as {@code POST /v1/chat/completions}
   * @param e the parse failure
   * @return the exception to throw
   */
  public static LmStudioProtocolException unreadable(String what, Exception e) {
    return new LmStudioProtocolException(
        "Could not read LM Studio's answer to " + what + ": " + e.getMessage(), e);
  }
}
