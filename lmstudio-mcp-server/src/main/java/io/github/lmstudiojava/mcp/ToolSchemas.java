package io.github.lmstudiojava.mcp;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks tool arguments and structured results against the tools' schemas, as the SDK's default
 * validator does and with the same messages, at less cost:
 *
 * <ul>
 *   <li>Our tool schemas use a few keywords, which {@link SchemaCheck} checks on the arguments as
 *       they are, with the schema library's words and order: no JSON tree is built and the library
 *       is not loaded. A schema with another keyword, or a value given as text, goes to the schema
 *       library.
 *   <li>The tool schemas are not checked against the JSON Schema 2020-12 meta-schema at every
 *       start, which loads and compiles the meta-schema: they are constants of this server, and
 *       {@code ToolSchemasTest} checks each of them with the SDK's own validator.
 *   <li>Each schema is compiled once and found again by identity (the SDK hands over the same map
 *       at every call), not by hashing the whole schema at every call.
 * </ul>
 */
final class ToolSchemas implements JsonSchemaValidator {
  /** More distinct schemas than the tools have: the rest are compiled at each use, not kept. */
  static final int MAX_CACHED = 64;

  private final Map<Map<String, Object>, Optional<SchemaCheck>> checks =
      Collections.synchronizedMap(new IdentityHashMap<>());

  private final Map<Map<String, Object>, Schema> compiled =
      Collections.synchronizedMap(new IdentityHashMap<>());

  @Override
  public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
    if (schema == null) {
      throw new IllegalArgumentException("Schema must not be null");
    }
    if (structuredContent == null) {
      throw new IllegalArgumentException("Structured content must not be null");
    }
    if (!(structuredContent instanceof String)) {
      SchemaCheck check = check(schema);
      List<String> errors = check == null ? null : check.errors(structuredContent);
      if (errors != null) {
        if (!errors.isEmpty()) {
          return ValidationResponse.asInvalid(
              "Validation failed: JSON schema validation errors: " + errors);
        }
        StringBuilder json = new StringBuilder();
        JsonText.write(json, structuredContent);
        return ValidationResponse.asValid(json.toString());
      }
    }
    try {
      JsonMapper mapper = Engine.MAPPER;
      JsonNode content =
          structuredContent instanceof String text
              ? mapper.readTree(text)
              : mapper.valueToTree(structuredContent);
      List<Error> errors = compiled(schema).validate(content);
      if (!errors.isEmpty()) {
        return ValidationResponse.asInvalid(
            "Validation failed: JSON schema validation errors: " + errors);
      }
      return ValidationResponse.asValid(content.toString());
    } catch (JacksonException e) {
      return ValidationResponse.asInvalid("Error parsing tool JSON Schema: " + e.getMessage());
    } catch (RuntimeException e) {
      return ValidationResponse.asInvalid("Unexpected validation error: " + e.getMessage());
    }
  }

  /** Our tool schemas are checked by tests, not at every start; see the class comment. */
  @Override
  public ValidationResponse validateSchema(Map<String, Object> schema) {
    return ValidationResponse.asValid(null);
  }

  /** The check of a schema, or null when it is one for the schema library. */
  private SchemaCheck check(Map<String, Object> schema) {
    Optional<SchemaCheck> known = checks.get(schema);
    if (known != null) {
      return known.orElse(null);
    }
    SchemaCheck fresh = SchemaCheck.compile(schema);
    synchronized (checks) {
      if (checks.size() < MAX_CACHED) {
        checks.putIfAbsent(schema, Optional.ofNullable(fresh));
      }
    }
    return fresh;
  }

  private Schema compiled(Map<String, Object> schema) {
    Schema known = compiled.get(schema);
    if (known != null) {
      return known;
    }
    Schema fresh = Engine.REGISTRY.getSchema(Engine.MAPPER.valueToTree(schema));
    synchronized (compiled) {
      if (compiled.size() < MAX_CACHED) {
        compiled.putIfAbsent(schema, fresh);
      }
    }
    return fresh;
  }

  /** The schema library, loaded on the first check. */
  private static final class Engine {
    static final JsonMapper MAPPER = JsonMapper.shared();
    static final SchemaRegistry REGISTRY =
        SchemaRegistry.withDefaultDialect(Dialects.getDraft202012());
  }
}
