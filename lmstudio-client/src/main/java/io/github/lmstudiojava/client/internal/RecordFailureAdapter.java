package io.github.lmstudiojava.client.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Types;
import java.io.IOException;

/**
 * Moshi reports an exception thrown by a record's constructor (a null in a list, a missing required
 * part) as an {@code AssertionError}; for values LM Studio sent, that is malformed data, so this
 * adapter turns it into a {@code JsonDataException} naming the place, which the surfaces report as
 * a typed protocol or stream error. Installed for this client's own records only.
 */
public final class RecordFailureAdapter extends JsonAdapter<Object> {
  private static final String CLIENT_PACKAGE = "io.github.lmstudiojava.client";

  /** Installs the adapter in a {@code Moshi.Builder}, for the client's records. */
  public static final JsonAdapter.Factory FACTORY =
      (type, annotations, moshi) -> {
        Class<?> raw = Types.getRawType(type);
        if (!raw.isRecord() || !raw.getPackageName().startsWith(CLIENT_PACKAGE)) {
          return null;
        }
        return new RecordFailureAdapter(
            moshi.nextAdapter(RecordFailureAdapter.FACTORY, type, annotations));
      };

  private final JsonAdapter<Object> delegate;

  private RecordFailureAdapter(JsonAdapter<Object> delegate) {
    this.delegate = delegate;
  }

  @Override
  public Object fromJson(JsonReader reader) throws IOException {
    String path = reader.getPath();
    try {
      return delegate.fromJson(reader);
    } catch (AssertionError e) {
      if (e.getCause() instanceof RuntimeException) {
        throw new JsonDataException(
            "unusable value at " + path + " (" + e.getCause() + ")", e.getCause());
      }
      throw e;
    }
  }

  @Override
  public void toJson(JsonWriter writer, Object value) throws IOException {
    delegate.toJson(writer, value);
  }
}
