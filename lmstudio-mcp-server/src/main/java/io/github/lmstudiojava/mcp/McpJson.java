package io.github.lmstudiojava.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.ClientCapabilities;
import io.modelcontextprotocol.spec.McpSchema.InitializeRequest;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server's JSON mapper for the MCP SDK: the SDK's Jackson mapper, with the messages every
 * session starts with, and the commonest ones after, read and written directly instead.
 *
 * <p>Jackson builds a reader or writer for each type the first time it meets it; in a fresh process
 * that, and starting Jackson itself, cost more than the rest of the start together. Here the
 * incoming lines are read by {@link JsonText}, {@code initialize} and {@code tools/call} parameters
 * become the SDK's records directly, and the answers to {@code initialize}, {@code tools/list} and
 * {@code tools/call} are written by {@link JsonText}: a session's start needs no Jackson at all.
 * Everything else, and any value of a shape these paths do not know, goes to Jackson, which is then
 * started on first use; what either writes or reads is the same ({@code McpJsonTest} compares
 * them).
 */
final class McpJson implements McpJsonMapper {
  private volatile McpJsonMapper jackson;

  /** Jackson, started on first use. */
  McpJsonMapper jackson() {
    McpJsonMapper mapper = jackson;
    if (mapper == null) {
      synchronized (this) {
        mapper = jackson;
        if (mapper == null) {
          mapper = new JacksonMcpJsonMapper(JsonMapper.shared());
          jackson = mapper;
        }
      }
    }
    return mapper;
  }

  @Override
  public <T> T readValue(String content, Class<T> type) throws IOException {
    if (type == Object.class || type == Map.class) {
      try {
        return type.cast(plain(content, type == Map.class));
      } catch (JsonText.Deferred e) {
        // Jackson judges it, below.
      }
    }
    return jackson().readValue(content, type);
  }

  @Override
  public <T> T readValue(byte[] content, Class<T> type) throws IOException {
    String text = type == Object.class || type == Map.class ? utf8(content) : null;
    return text != null ? readValue(text, type) : jackson().readValue(content, type);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T readValue(String content, TypeRef<T> type) throws IOException {
    if (isStringObjectMap(type.getType())) {
      try {
        return (T) plain(content, true);
      } catch (JsonText.Deferred e) {
        // Jackson judges it, below.
      }
    }
    return jackson().readValue(content, type);
  }

  @Override
  public <T> T readValue(byte[] content, TypeRef<T> type) throws IOException {
    String text = isStringObjectMap(type.getType()) ? utf8(content) : null;
    return text != null ? readValue(text, type) : jackson().readValue(content, type);
  }

  @Override
  public <T> T convertValue(Object fromValue, Class<T> type) {
    Object direct = direct(fromValue, type);
    return direct != null ? type.cast(direct) : jackson().convertValue(fromValue, type);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T convertValue(Object fromValue, TypeRef<T> type) {
    Object direct = type.getType() instanceof Class<?> c ? direct(fromValue, c) : null;
    return direct != null ? (T) direct : jackson().convertValue(fromValue, type);
  }

  @Override
  public String writeValueAsString(Object value) throws IOException {
    StringBuilder out = new StringBuilder(256);
    try {
      if (value instanceof McpSchema.JSONRPCResponse response) {
        response(out, response);
      } else {
        JsonText.write(out, value);
      }
      return out.toString();
    } catch (JsonText.Unsupported e) {
      return jackson().writeValueAsString(value);
    }
  }

  /** As Jackson's, a lone surrogate (it has no UTF-8 form) is written as a {@code \\u} escape. */
  @Override
  public byte[] writeValueAsBytes(Object value) throws IOException {
    String json = writeValueAsString(value);
    StringBuilder escaped = null;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      boolean lone =
          Character.isHighSurrogate(c)
                  && (i + 1 == json.length() || !Character.isLowSurrogate(json.charAt(i + 1)))
              || Character.isLowSurrogate(c)
                  && (i == 0 || !Character.isHighSurrogate(json.charAt(i - 1)));
      if (lone && escaped == null) {
        escaped = new StringBuilder(json.length() + 16).append(json, 0, i);
      }
      if (lone) {
        escaped.append(String.format("\\u%04X", (int) c));
      } else if (escaped != null) {
        escaped.append(c);
      }
    }
    return (escaped == null ? json : escaped.toString()).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The bytes as text when they are plain UTF-8 (a leading byte-order mark dropped), else null:
   * bytes that are not UTF-8, or that look like UTF-16 or UTF-32 (a NUL among the first four), are
   * left to Jackson, which detects those encodings and refuses what is none of them.
   */
  private static String utf8(byte[] content) {
    int start =
        content.length >= 3
                && content[0] == (byte) 0xEF
                && content[1] == (byte) 0xBB
                && content[2] == (byte) 0xBF
            ? 3
            : 0;
    for (int i = start; i < Math.min(content.length, start + 4); i++) {
      if (content[i] == 0) {
        return null;
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content, start, content.length - start))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Parses plain JSON; as Jackson, an IOException when it is not valid (or not an object). */
  private static Object plain(String content, boolean object) throws IOException {
    Object value;
    try {
      value = JsonText.parse(content);
    } catch (JsonText.Malformed e) {
      throw new IOException("Invalid JSON: " + e.getMessage(), e);
    }
    if (object && value != null && !(value instanceof Map)) {
      throw new IOException("Invalid JSON: expected an object");
    }
    return value;
  }

  private static boolean isStringObjectMap(Type type) {
    return type instanceof ParameterizedType p
        && p.getRawType() == Map.class
        && p.getActualTypeArguments()[0] == String.class
        && p.getActualTypeArguments()[1] == Object.class;
  }

  /**
   * The record for plain parameters, made directly; null when the parameters have a shape only
   * Jackson can judge (a wrong type, a value to coerce, an icon list), which then answers, with its
   * own error when there is one.
   */
  private static Object direct(Object from, Class<?> type) {
    if (!(from instanceof Map<?, ?> m)) {
      return null;
    }
    try {
      if (type == CallToolRequest.class) {
        return callToolRequest(m);
      }
      if (type == InitializeRequest.class) {
        return initializeRequest(m);
      }
    } catch (RuntimeException e) {
      return null; // a record refused a value: Jackson gives its own error for it
    }
    return null;
  }

  private static CallToolRequest callToolRequest(Map<?, ?> m) {
    Object name = m.get("name");
    Map<String, Object> arguments = mapOrNull(m.get("arguments"));
    Map<String, Object> meta = mapOrNull(m.get("_meta"));
    if (!(name instanceof String n) || arguments == NOT_A_MAP || meta == NOT_A_MAP) {
      return null;
    }
    return new CallToolRequest(n, arguments, meta);
  }

  private static InitializeRequest initializeRequest(Map<?, ?> m) {
    Map<String, Object> capabilities = mapOrNull(m.get("capabilities"));
    Map<String, Object> client = mapOrNull(m.get("clientInfo"));
    Map<String, Object> meta = mapOrNull(m.get("_meta"));
    if (!(m.get("protocolVersion") instanceof String version)
        || capabilities == null
        || capabilities == NOT_A_MAP
        || client == null
        || client == NOT_A_MAP
        || meta == NOT_A_MAP) {
      return null;
    }
    ClientCapabilities caps = clientCapabilities(capabilities);
    McpSchema.Implementation info = implementation(client);
    return caps == null || info == null ? null : new InitializeRequest(version, caps, info, meta);
  }

  private static ClientCapabilities clientCapabilities(Map<String, Object> c) {
    Map<String, Object> experimental = mapOrNull(c.get("experimental"));
    Map<String, Object> roots = mapOrNull(c.get("roots"));
    Map<String, Object> sampling = mapOrNull(c.get("sampling"));
    Map<String, Object> elicitation = mapOrNull(c.get("elicitation"));
    if (experimental == NOT_A_MAP
        || roots == NOT_A_MAP
        || sampling == NOT_A_MAP
        || elicitation == NOT_A_MAP) {
      return null;
    }
    Object listChanged = roots == null ? null : roots.get("listChanged");
    if (listChanged != null && !(listChanged instanceof Boolean)) {
      return null;
    }
    ClientCapabilities.Elicitation elicit = null;
    if (elicitation != null) {
      Map<String, Object> form = mapOrNull(elicitation.get("form"));
      Map<String, Object> url = mapOrNull(elicitation.get("url"));
      if (form == NOT_A_MAP || url == NOT_A_MAP) {
        return null;
      }
      elicit =
          new ClientCapabilities.Elicitation(
              form == null ? null : new ClientCapabilities.Elicitation.Form(),
              url == null ? null : new ClientCapabilities.Elicitation.Url());
    }
    return new ClientCapabilities(
        experimental,
        roots == null ? null : new ClientCapabilities.RootCapabilities((Boolean) listChanged),
        sampling == null ? null : new ClientCapabilities.Sampling(),
        elicit);
  }

  private static McpSchema.Implementation implementation(Map<String, Object> c) {
    if (c.get("icons") != null) {
      return null;
    }
    String[] fields = {"name", "title", "version", "description", "websiteUrl"};
    String[] values = new String[fields.length];
    for (int i = 0; i < fields.length; i++) {
      Object value = c.get(fields[i]);
      if (value != null && !(value instanceof String)) {
        return null;
      }
      values[i] = (String) value;
    }
    if (values[0] == null || values[2] == null) {
      return null; // Jackson's reader puts in empty ones, with a warning
    }
    return new McpSchema.Implementation(
        values[0], values[1], values[2], values[3], null, values[4]);
  }

  /** Marks a value that is there but not an object. */
  private static final Map<String, Object> NOT_A_MAP = Map.of("", "");

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mapOrNull(Object value) {
    if (value == null) {
      return null;
    }
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : NOT_A_MAP;
  }

  // Answers, written as Jackson writes them: fields in record order, null fields left out.

  private static void response(StringBuilder out, McpSchema.JSONRPCResponse r) {
    Fields f = new Fields(out);
    f.plain("jsonrpc", r.jsonrpc());
    f.plain("id", r.id());
    if (r.result() != null) {
      f.name("result");
      result(out, r.result());
    }
    if (r.error() != null) {
      f.name("error");
      Fields e = new Fields(out);
      e.plain("code", r.error().code());
      e.plain("message", r.error().message());
      e.plain("data", r.error().data());
      e.end();
    }
    f.end();
  }

  private static void result(StringBuilder out, Object result) {
    if (result instanceof McpSchema.CallToolResult r) {
      Fields f = new Fields(out);
      if (r.content() != null) {
        f.name("content");
        out.append('[');
        for (int i = 0; i < r.content().size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          textContent(out, r.content().get(i));
        }
        out.append(']');
      }
      f.plain("isError", r.isError());
      f.plain("structuredContent", r.structuredContent());
      f.plain("_meta", r.meta());
      f.end();
    } else if (result instanceof McpSchema.ListToolsResult r) {
      Fields f = new Fields(out);
      f.name("tools");
      out.append('[');
      for (int i = 0; i < r.tools().size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        tool(out, r.tools().get(i));
      }
      out.append(']');
      f.plain("nextCursor", r.nextCursor());
      f.plain("_meta", r.meta());
      f.end();
    } else if (result instanceof McpSchema.InitializeResult r) {
      Fields f = new Fields(out);
      f.plain("protocolVersion", r.protocolVersion());
      if (r.capabilities() != null) {
        f.name("capabilities");
        capabilities(out, r.capabilities());
      }
      if (r.serverInfo() != null) {
        f.name("serverInfo");
        implementation(out, r.serverInfo());
      }
      f.plain("instructions", r.instructions());
      f.plain("_meta", r.meta());
      f.end();
    } else {
      JsonText.write(out, result);
    }
  }

  private static void textContent(StringBuilder out, McpSchema.Content content) {
    if (!(content instanceof McpSchema.TextContent t) || t.annotations() != null) {
      throw new JsonText.Unsupported(content);
    }
    Fields f = new Fields(out);
    f.plain("type", "text");
    f.plain("text", t.text());
    f.plain("_meta", t.meta());
    f.end();
  }

  private static void tool(StringBuilder out, McpSchema.Tool t) {
    if (t.icons() != null) {
      throw new JsonText.Unsupported(t);
    }
    Fields f = new Fields(out);
    f.plain("name", t.name());
    f.plain("title", t.title());
    f.plain("description", t.description());
    f.plain("inputSchema", t.inputSchema());
    f.plain("outputSchema", t.outputSchema());
    McpSchema.ToolAnnotations a = t.annotations();
    if (a != null) {
      f.name("annotations");
      Fields g = new Fields(out);
      g.plain("title", a.title());
      g.plain("readOnlyHint", a.readOnlyHint());
      g.plain("destructiveHint", a.destructiveHint());
      g.plain("idempotentHint", a.idempotentHint());
      g.plain("openWorldHint", a.openWorldHint());
      g.plain("returnDirect", a.returnDirect());
      g.end();
    }
    f.plain("_meta", t.meta());
    f.end();
  }

  private static void capabilities(StringBuilder out, McpSchema.ServerCapabilities c) {
    Fields f = new Fields(out);
    if (c.completions() != null) {
      f.name("completions");
      out.append("{}");
    }
    f.plain("experimental", c.experimental());
    if (c.logging() != null) {
      f.name("logging");
      out.append("{}");
    }
    if (c.prompts() != null) {
      f.name("prompts");
      Fields g = new Fields(out);
      g.plain("listChanged", c.prompts().listChanged());
      g.end();
    }
    if (c.resources() != null) {
      f.name("resources");
      Fields g = new Fields(out);
      g.plain("subscribe", c.resources().subscribe());
      g.plain("listChanged", c.resources().listChanged());
      g.end();
    }
    if (c.tools() != null) {
      f.name("tools");
      Fields g = new Fields(out);
      g.plain("listChanged", c.tools().listChanged());
      g.end();
    }
    f.end();
  }

  private static void implementation(StringBuilder out, McpSchema.Implementation i) {
    if (i.icons() != null) {
      throw new JsonText.Unsupported(i);
    }
    Fields f = new Fields(out);
    f.plain("name", i.name());
    f.plain("title", i.title());
    f.plain("version", i.version());
    f.plain("description", i.description());
    f.plain("websiteUrl", i.websiteUrl());
    f.end();
  }

  /** The fields of one object being written; a null value is left out, as Jackson does here. */
  private static final class Fields {
    private final StringBuilder out;
    private boolean first = true;

    Fields(StringBuilder out) {
      this.out = out;
      out.append('{');
    }

    void name(String name) {
      if (!first) {
        out.append(',');
      }
      first = false;
      JsonText.string(out, name);
      out.append(':');
    }

    void plain(String name, Object value) {
      if (value != null) {
        name(name);
        JsonText.write(out, value);
      }
    }

    void end() {
      out.append('}');
    }
  }
}
