package io.github.lmstudiojava.client.openai;

import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.client;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.json;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.quote;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.takePost;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.client.Description;
import io.github.lmstudiojava.client.JsonSchema;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.StructuredOutputException;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Structured output: a schema derived from a record, sent strict, and the reply bound to it. */
class StructuredOutputTest {
  private static final String PATH = "/v1/chat/completions";

  @Retention(RetentionPolicy.RUNTIME)
  @interface Nullable {}

  enum Role {
    ENGINEER,
    ARTIST
  }

  record Address(String city, String country) {}

  @Description("A person")
  record Person(
      String name,
      int age,
      Role role,
      Address address,
      List<String> skills,
      @Nullable String email) {}

  /** The schema JsonSchema.of(Person.class) gives, as JSON text. */
  private static final String PERSON_SCHEMA =
      """
      {"type": "object", "description": "A person",
       "properties": {
         "name": {"type": "string"},
         "age": {"type": "integer"},
         "role": {"type": "string", "enum": ["ENGINEER", "ARTIST"]},
         "address": {"type": "object",
           "properties": {"city": {"type": "string"}, "country": {"type": "string"}},
           "required": ["city", "country"], "additionalProperties": false},
         "skills": {"type": "array", "items": {"type": "string"}},
         "email": {"type": ["string", "null"]}},
       "required": ["name", "age", "role", "address", "skills", "email"],
       "additionalProperties": false}
      """;

  private static final String ADA =
      "{\"name\":\"Ada\",\"age\":36,\"role\":\"ENGINEER\","
          + "\"address\":{\"city\":\"London\",\"country\":\"UK\"},"
          + "\"skills\":[\"maths\",\"poetry\"],\"email\":null}";

  @StartStop final MockWebServer server = new MockWebServer();

  private LmStudio lms;

  @BeforeEach
  void createClient() {
    lms = client(server);
  }

  @AfterEach
  void closeClient() {
    lms.close();
  }

  /** A completion whose first message has this content (JSON null when content is null). */
  static String completion(String content, String finishReason) {
    return "{\"id\":\"chatcmpl-s\",\"object\":\"chat.completion\",\"created\":1700000000,"
        + "\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
        + "\"content\":"
        + (content == null ? "null" : quote(content))
        + "},\"finish_reason\":\""
        + finishReason
        + "\"}]}";
  }

  @Test
  void structuredSendsTheDerivedStrictSchemaAndBindsTheReplyWithNestedRecordAndEnum()
      throws Exception {
    server.enqueue(json(completion(ADA, "stop")));

    Person ada = lms.openai().structured("m", "Describe Ada Lovelace", Person.class);

    assertThat(ada)
        .isEqualTo(
            new Person(
                "Ada",
                36,
                Role.ENGINEER,
                new Address("London", "UK"),
                List.of("maths", "poetry"),
                null));
    assertThat(takePost(server, PATH, false))
        .isEqualTo(
            tree(
                "{\"model\": \"m\","
                    + " \"messages\": [{\"role\": \"user\", \"content\": \"Describe Ada Lovelace\"}],"
                    + " \"response_format\": {\"type\": \"json_schema\", \"json_schema\":"
                    + " {\"name\": \"Person\", \"strict\": true, \"schema\": "
                    + PERSON_SCHEMA
                    + "}}}"));
  }

  @Test
  void aRequestKeepsItsOptionsAndGetsTheFormatAdded() throws Exception {
    server.enqueue(json(completion("{\"city\":\"Paris\",\"country\":\"FR\"}", "stop")));
    ChatCompletionRequest request =
        ChatCompletionRequest.builder("m")
            .messages(ChatMessage.system("Answer in JSON."), ChatMessage.user("Paris?"))
            .temperature(0.0)
            .build();

    Address address = lms.openai().chatCompletion(request, Address.class);

    assertThat(address).isEqualTo(new Address("Paris", "FR"));
    Map<String, Object> sent = asMap(takePost(server, PATH, false));
    assertThat(sent)
        .containsEntry("temperature", 0.0)
        .containsEntry(
            "response_format",
            tree(
                "{\"type\": \"json_schema\", \"json_schema\": {\"name\": \"Address\","
                    + " \"strict\": true, \"schema\": {\"type\": \"object\", \"properties\":"
                    + " {\"city\": {\"type\": \"string\"}, \"country\": {\"type\": \"string\"}},"
                    + " \"required\": [\"city\", \"country\"], \"additionalProperties\": false}}}"));
    assertThat((List<?>) sent.get("messages")).hasSize(2);
  }

  @Test
  void aFormatAlreadyOnTheRequestIsKept() throws Exception {
    server.enqueue(json(completion("{\"city\":\"Oslo\",\"country\":\"NO\"}", "stop")));
    ChatResponseFormat own =
        ChatResponseFormat.jsonSchema("place", Map.of("type", "object")).withStrict(false);
    ChatCompletionRequest request =
        ChatCompletionRequest.builder("m")
            .messages(ChatMessage.user("Oslo?"))
            .responseFormat(own)
            .build();

    assertThat(lms.openai().chatCompletion(request, Address.class))
        .isEqualTo(new Address("Oslo", "NO"));
    assertThat(asMap(takePost(server, PATH, false)).get("response_format"))
        .isEqualTo(
            tree(
                "{\"type\": \"json_schema\", \"json_schema\": {\"name\": \"place\","
                    + " \"strict\": false, \"schema\": {\"type\": \"object\"}}}"));
  }

  @Test
  void aMismatchingReplyFailsWithTheRawTextAndThePath() throws Exception {
    String reply = "{\"name\":\"Ada\",\"age\":\"thirty-six\"}";
    server.enqueue(json(completion(reply, "stop")));

    assertThatThrownBy(() -> lms.openai().structured("m", "Describe Ada", Person.class))
        .isInstanceOfSatisfying(
            StructuredOutputException.class,
            e -> {
              assertThat(e.rawText()).isEqualTo(reply);
              assertThat(e.targetType()).isEqualTo(Person.class.getName());
              assertThat(e.getMessage()).contains("$.age");
            });
    takePost(server, PATH, false);
  }

  @Test
  void anEnumValueOutsideTheConstantsIsAMismatch() throws Exception {
    String reply = ADA.replace("ENGINEER", "PILOT");
    server.enqueue(json(completion(reply, "stop")));

    assertThatThrownBy(() -> lms.openai().structured("m", "Describe Ada", Person.class))
        .isInstanceOfSatisfying(
            StructuredOutputException.class,
            e -> {
              assertThat(e.rawText()).isEqualTo(reply);
              assertThat(e.getMessage()).contains("$.role").contains("PILOT");
            });
    takePost(server, PATH, false);
  }

  @Test
  void proseInsteadOfJsonFailsWithTheRawText() throws Exception {
    server.enqueue(json(completion("Ada Lovelace was a mathematician.", "stop")));

    assertThatThrownBy(() -> lms.openai().structured("m", "Describe Ada", Person.class))
        .isInstanceOfSatisfying(
            StructuredOutputException.class,
            e -> assertThat(e.rawText()).isEqualTo("Ada Lovelace was a mathematician."));
    takePost(server, PATH, false);
  }

  @Test
  void anEmptyReplyIsATypedErrorThatSaysSo() throws Exception {
    server.enqueue(json(completion(null, "stop")));

    assertThatThrownBy(() -> lms.openai().structured("m", "Describe Ada", Person.class))
        .isInstanceOfSatisfying(
            StructuredOutputException.class,
            e -> {
              assertThat(e.rawText()).isEmpty();
              assertThat(e.getMessage())
                  .contains("no content to read as Person")
                  .contains("refused");
            });
    takePost(server, PATH, false);
  }

  @Test
  void aReplyOfToolCallsNamesTheToolsInsteadOfBinding() throws Exception {
    server.enqueue(
        json(
            "{\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"finish_reason\":"
                + "\"tool_calls\",\"message\":{\"role\":\"assistant\",\"tool_calls\":[{\"id\":"
                + "\"1\",\"type\":\"function\",\"function\":{\"name\":\"lookup\","
                + "\"arguments\":\"{}\"}}]}}]}"));

    assertThatThrownBy(() -> lms.openai().structured("m", "Paris?", Address.class))
        .isInstanceOf(StructuredOutputException.class)
        .hasMessageContaining("called tools instead (lookup)");
    takePost(server, PATH, false);
  }

  @Test
  void aReplyCutOffByTheTokenLimitSaysSo() throws Exception {
    String reply = "{\"city\":\"Par";
    server.enqueue(json(completion(reply, "length")));

    assertThatThrownBy(() -> lms.openai().structured("m", "Paris?", Address.class))
        .isInstanceOfSatisfying(
            StructuredOutputException.class,
            e -> {
              assertThat(e.rawText()).isEqualTo(reply);
              assertThat(e.getMessage()).startsWith("The reply was cut off").contains("max_tokens");
              assertThat(e.getCause()).isInstanceOf(StructuredOutputException.class);
            });
    takePost(server, PATH, false);
  }

  @Test
  void theFormatIsNamedAfterTheRecordAndStrict() {
    ChatResponseFormat format = ChatResponseFormat.jsonSchema(Address.class);

    assertThat(format.type()).isEqualTo("json_schema");
    assertThat(format.name()).isEqualTo("Address");
    assertThat(format.strict()).isTrue();
    assertThat(tree(format.schema()))
        .isEqualTo(tree(ChatCompletionJson.toJson(JsonSchema.of(Address.class))));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object tree) {
    return (Map<String, Object>) tree;
  }
}
