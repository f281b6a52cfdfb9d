package io.github.lmstudiojava.client.internal;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonQualifier;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes this client's records, as Moshi's own record adapter does (component names,
 * {@link Json @Json} names, qualifiers, unknown keys skipped, a missing primitive reported) with
 * two differences:
 *
 * <ul>
 *   <li>An exception thrown by a record's constructor (a null in a list, a missing required part)
 *       is, for values LM Studio sent, malformed data: it becomes a {@link JsonDataException}
 *       naming the place, which the surfaces report as a typed protocol or stream error. Moshi's
 *       adapter throws an {@code AssertionError}.
 *   <li>The constructor is called through core reflection. Moshi's adapter calls {@code
 *       MethodHandle.invokeWithArguments} for every record, which adapts the handle anew on each
 *       call and, until the JIT has compiled that path, costs several times the record's own
 *       parsing, and generates classes as it goes. A method handle made once per record type would
 *       generate them at its creation instead (about 5 ms per type before the JIT). Reflection
 *       generates at most one small class per type, and none on JDK 18 and later when the JVM is
 *       told to keep to its native accessors ({@code -Djdk.reflect.useNativeAccessorOnly=true}), as
 *       the MCP server's launcher does.
 * </ul>
 *
 * <p>Installed for this client's own records only; a generic record goes to Moshi's adapter.
 */
public final class RecordAdapter extends JsonAdapter<Object> {
  private static final String CLIENT_PACKAGE = "io.github.lmstudiojava.client";

  /** Installs the adapter in a {@code Moshi.Builder}, for the client's records. */
  public static final JsonAdapter.Factory FACTORY =
      (type, annotations, moshi) -> {
        if (!(type instanceof Class<?> raw)
            || !annotations.isEmpty()
            || !raw.isRecord()
            || !raw.getPackageName().startsWith(CLIENT_PACKAGE)) {
          return null;
        }
        if (raw.getTypeParameters().length > 0) {
          return null;
        }
        return of(raw, moshi).nullSafe();
      };

  private final String record;
  private final Constructor<?> constructor;
  private final Component[] components;
  private final JsonReader.Options names;

  private RecordAdapter(String record, Constructor<?> constructor, Component[] components) {
    this.record = record;
    this.constructor = constructor;
    this.components = components;
    String[] jsonNames = new String[components.length];
    for (int i = 0; i < components.length; i++) {
      jsonNames[i] = components[i].jsonName;
    }
    this.names = JsonReader.Options.of(jsonNames);
  }

  /** One component: its names, its adapter and its accessor. */
  private record Component(
      String name, String jsonName, Class<?> type, JsonAdapter<Object> adapter, Method get) {}

  private static RecordAdapter of(Class<?> raw, Moshi moshi) {
    RecordComponent[] parts = raw.getRecordComponents();
    Class<?>[] types = new Class<?>[parts.length];
    Map<String, Component> byJsonName = new LinkedHashMap<>();
    for (int i = 0; i < parts.length; i++) {
      RecordComponent part = parts[i];
      types[i] = part.getType();
      Component component =
          new Component(
              part.getName(),
              jsonName(part),
              part.getType(),
              moshi.adapter(part.getGenericType(), qualifiers(part)),
              accessible(part.getAccessor()));
      Component replaced = byJsonName.put(component.jsonName, component);
      if (replaced != null) {
        throw new IllegalArgumentException(
            "Conflicting components:\n    " + replaced.name + "\n    " + component.name);
      }
    }
    Constructor<?> canonical;
    try {
      canonical = accessible(raw.getDeclaredConstructor(types));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("no canonical constructor in " + raw.getName(), e);
    }
    return new RecordAdapter(
        raw.getSimpleName(), canonical, byJsonName.values().toArray(new Component[0]));
  }

  private static <T extends AccessibleObject> T accessible(T member) {
    member.setAccessible(true);
    return member;
  }

  private static String jsonName(RecordComponent part) {
    Json json = part.getAnnotation(Json.class);
    return json == null || Json.UNSET_NAME.equals(json.name()) ? part.getName() : json.name();
  }

  private static Set<? extends Annotation> qualifiers(RecordComponent part) {
    Set<Annotation> qualifiers = null;
    for (Annotation annotation : part.getDeclaredAnnotations()) {
      if (annotation.annotationType().isAnnotationPresent(JsonQualifier.class)) {
        if (qualifiers == null) {
          qualifiers = new LinkedHashSet<>();
        }
        qualifiers.add(annotation);
      }
    }
    return qualifiers == null ? Set.of() : qualifiers;
  }

  @Override
  public Object fromJson(JsonReader reader) throws IOException {
    String path = reader.getPath();
    Object[] values = new Object[components.length];
    reader.beginObject();
    while (reader.hasNext()) {
      int index = reader.selectName(names);
      if (index == -1) {
        reader.skipName();
        reader.skipValue();
        continue;
      }
      values[index] = components[index].adapter.fromJson(reader);
    }
    reader.endObject();
    for (int i = 0; i < components.length; i++) {
      Component component = components[i];
      if (values[i] == null && component.type.isPrimitive()) {
        throw new JsonDataException(
            "Required value '"
                + component.name
                + "'"
                + (component.name.equals(component.jsonName)
                    ? ""
                    : " (JSON name '" + component.jsonName + "')")
                + " missing at "
                + reader.getPath());
      }
    }
    try {
      return constructor.newInstance(values);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw new JsonDataException("unusable value at " + path + " (" + cause + ")", cause);
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(record + " could not be made", cause);
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      throw new IllegalStateException(record + " could not be made", e);
    }
  }

  @Override
  public void toJson(JsonWriter writer, Object value) throws IOException {
    writer.beginObject();
    for (Component component : components) {
      writer.name(component.jsonName);
      component.adapter.toJson(writer, read(component, value));
    }
    writer.endObject();
  }

  private static Object read(Component component, Object value) {
    try {
      return component.get.invoke(value);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("cannot read " + component.name, e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read " + component.name, e);
    }
  }

  @Override
  public String toString() {
    return "JsonAdapter(" + record + ")";
  }
}
