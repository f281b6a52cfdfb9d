package io.github.lmstudiojava.client.openai;

import io.github.lmstudiojava.client.JsonSchema;
import io.github.lmstudiojava.client.StructuredOutputException;
import io.github.lmstudiojava.client.internal.SchemaValidator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A function the model may call together with the code that runs it, for a {@link ToolLoop}: a
 * name, a description, a JSON schema of its arguments and a handler.
 *
 * <pre>{@code
 * record Forecast(@Description("city name") String city, int days) {}
 * FunctionTool forecast = FunctionTool.of("get_forecast", "Weather forecast for a city",
 *     Forecast.class, f -> weatherService.forecast(f.city(), f.days()));
 *
 * FunctionTool time = FunctionTool.of("get_time", "Current time in a time zone",
 *     Map.of("type", "object",
 *         "properties", Map.of("zone", Map.of("type", "string")),
 *         "required", List.of("zone")),
 *     args -> ZonedDateTime.now(ZoneId.of((String) args.get("zone"))).toString());
 * }</pre>
 *
 * <p>Before the handler runs, the model's arguments are checked: against the schema by a validator
 * of the common keywords for an explicit schema, by binding them to the record for a record-typed
 * tool. A handler's result is sent to the model as JSON text; a {@code String} result is sent as it
 * is. Arguments that do not fit, and a handler that throws, are answered to the model as {@code
 * {"error": "..."}} by the loop. Handlers may run on an executor's threads, several at once.
 */
public final class FunctionTool {
  private final String name;
  private final String description;
  private final Map<String, Object> parameters;
  private final Invoker invoker;

  private FunctionTool(
      String name, String description, Map<String, Object> parameters, Invoker invoker) {
    this.name = Objects.requireNonNull(name, "name == null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name is blank");
    }
    this.description = description;
    this.parameters = parameters;
    this.invoker = invoker;
  }

  /**
   * A tool whose arguments are described by a JSON schema given as maps and lists.
   *
   * @param name the function's name
   * @param description what it does and when to use it; may be null
   * @param parameters the JSON schema of its arguments, an object schema
   * @param handler runs the call with the arguments as a JSON object (whole numbers are {@code
   *     Long}, other numbers {@code Double}); returns the result
   * @return the tool
   */
  public static FunctionTool of(
      String name,
      String description,
      Map<String, ?> parameters,
      Function<? super Map<String, Object>, ?> handler) {
    Objects.requireNonNull(parameters, "parameters == null");
    return of(name, description, ChatCompletionJson.toJson(parameters), handler);
  }

  /**
   * A tool whose arguments are described by a JSON schema given as JSON text.
   *
   * @param name the function's name
   * @param description what it does and when to use it; may be null
   * @param parameters the JSON schema of its arguments, such as {@code {"type": "object", ...}}
   * @param handler runs the call with the arguments as a JSON object; returns the result
   * @return the tool
   * @throws IllegalArgumentException when the schema is not a JSON object
   */
  public static FunctionTool of(
      String name,
      String description,
      String parameters,
      Function<? super Map<String, Object>, ?> handler) {
    Objects.requireNonNull(parameters, "parameters == null");
    Objects.requireNonNull(handler, "handler == null");
    Map<String, Object> schema = ToolJson.object(parameters, "parameters");
    return new FunctionTool(
        name,
        description,
        schema,
        (raw, args) -> {
          List<String> problems = SchemaValidator.validate(schema, args);
          if (!problems.isEmpty()) {
            throw new ToolJson.BadArguments(
                "the arguments do not match the schema: " + String.join("; ", problems));
          }
          return handler.apply(args);
        });
  }

  /**
   * A tool whose arguments are a record: the schema is {@link JsonSchema#of(Class)} of the type,
   * and the handler receives the arguments bound to it.
   *
   * @param name the function's name
   * @param description what it does and when to use it; may be null
   * @param type the record type of the arguments
   * @param handler runs the call with the bound arguments; returns the result
   * @param <R> the record type
   * @return the tool
   * @throws IllegalArgumentException when the record has a component with no JSON schema
   */
  public static <R extends Record> FunctionTool of(
      String name, String description, Class<R> type, Function<? super R, ?> handler) {
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(handler, "handler == null");
    Map<String, Object> schema =
        ToolJson.object(ChatCompletionJson.toJson(JsonSchema.of(type)), "");
    return new FunctionTool(
        name,
        description,
        schema,
        (raw, args) -> {
          R bound;
          try {
            bound = JsonSchema.parse(raw.isBlank() ? "{}" : raw, type);
          } catch (StructuredOutputException e) {
            throw new ToolJson.BadArguments(e.getMessage());
          }
          return handler.apply(bound);
        });
  }

  /**
   * The function's name, as the model calls it.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * What the function does.
   *
   * @return the description; null when there is none
   */
  public String description() {
    return description;
  }

  /**
   * The JSON schema of the arguments, as decoded JSON.
   *
   * @return the schema; read-only
   */
  public Map<String, Object> parameters() {
    return parameters;
  }

  /**
   * The tool as a chat completion request lists it (name, description, schema), without its
   * handler.
   *
   * @return the request's view of the tool
   */
  public ChatTool chatTool() {
    return ChatTool.function(name, description, parameters);
  }

  /** Checks and runs one call; {@code args} is the parsed form of {@code raw}. */
  Object invoke(String raw, Map<String, Object> args) {
    return invoker.invoke(raw, args);
  }

  @Override
  public String toString() {
    return "FunctionTool[" + name + "]";
  }

  /** Checks the arguments and runs the handler. */
  private interface Invoker {
    Object invoke(String raw, Map<String, Object> args);
  }
}
