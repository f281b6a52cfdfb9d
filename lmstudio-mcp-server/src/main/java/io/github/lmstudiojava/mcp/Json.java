package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON for tool schemas and results, through the MCP SDK's own mapper. */
final class Json {
  /** The server's mapper: see {@link McpJson}. */
  static final McpJsonMapper MAPPER = new McpJson();

  private static final TypeRef<Map<String, Object>> MAP = new TypeRef<>() {};

  private Json() {}

  /** Parses a JSON object, such as a schema written as a text block. */
  static Map<String, Object> object(String json) {
    try {
      return MAPPER.readValue(json, MAP);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts an ordered object that leaves out null values, as the output schemas expect. */
  static Obj obj() {
    return new Obj();
  }

  /** An ordered JSON object under construction. */
  static final class Obj {
    private final Map<String, Object> map = new LinkedHashMap<>();

    Obj put(String name, Object value) {
      if (value != null) {
        map.put(name, value instanceof Obj o ? o.map : value);
      }
      return this;
    }

    Obj putIf(boolean condition, String name, Object value) {
      return condition ? put(name, value) : this;
    }

    Map<String, Object> map() {
      return map;
    }
  }

  /** Maps a list of {@link Obj} to plain maps. */
  static List<Map<String, Object>> maps(List<Obj> objs) {
    return objs.stream().map(Obj::map).toList();
  }
}
