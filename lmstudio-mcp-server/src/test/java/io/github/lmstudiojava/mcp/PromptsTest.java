package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.lmstudiojava.sessions.NewSession;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.Turn;
import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.EmbeddedResource;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptsTest {
  @TempDir Path dir;
  private FakeLmStudio lmStudio;
  private Backend backend;
  private Resources resources;

  @BeforeEach
  void start() {
    lmStudio = FakeLmStudio.start();
    backend =
        new Backend(
            ServerConfig.parse(
                new String[] {"--lmstudio-url", lmStudio.url(), "--sessions", "memory:"},
                name -> null));
    resources = new Resources(backend);
  }

  @AfterEach
  void stop() {
    backend.close();
    lmStudio.close();
  }

  private GetPromptResult get(McpSyncServerExchange exchange, String name, Object... args) {
    Map<String, Object> arguments = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      arguments.put((String) args[i], args[i + 1]);
    }
    SyncPromptSpecification spec =
        new Prompts(backend, resources)
            .specifications().stream()
                .filter(s -> s.prompt().name().equals(name))
                .findFirst()
                .orElseThrow();
    return spec.promptHandler().apply(exchange, new GetPromptRequest(name, arguments, null));
  }

  private GetPromptResult get(String name, Object... args) {
    return get(new ClientSession().exchange(false), name, args);
  }

  private McpError refused(String name, Object... args) {
    return catchThrowableOfType(McpError.class, () -> get(name, args));
  }

  private static String text(GetPromptResult result, int message) {
    return ((TextContent) result.messages().get(message).content()).text();
  }

  @Test
  void everyPromptHasATitleADescriptionAndDescribedArguments() {
    assertThat(Prompts.definitions())
        .extracting(McpSchema.Prompt::name)
        .containsExactly("second_opinion", "summarize_file", "continue_session");
    for (McpSchema.Prompt prompt : Prompts.definitions()) {
      assertThat(prompt.title()).as(prompt.name()).isNotBlank();
      assertThat(prompt.description()).as(prompt.name()).isNotBlank();
      assertThat(prompt.arguments()).allSatisfy(a -> assertThat(a.description()).isNotBlank());
      assertThat(prompt.arguments().get(0).required()).isTrue();
    }
  }

  @Test
  void secondOpinionAsksTheAgentToCallAskWithTheModelAndCarriesTheTextFenced() {
    String code = "int x = 1;\n```\nnot the end of the text\n```";

    GetPromptResult withModel =
        get(
            "second_opinion",
            "text",
            code,
            "question",
            "Is x ever 2?",
            "model",
            FakeModel.REASONING);
    GetPromptResult plain = get("second_opinion", "text", "A plan.");

    assertThat(withModel.messages()).hasSize(1);
    assertThat(withModel.messages().get(0).role()).isEqualTo(McpSchema.Role.USER);
    assertThat(text(withModel, 0))
        .contains("call the `ask` tool with model \"" + FakeModel.REASONING + "\"")
        .contains("view next to your own")
        .contains("Question: Is x ever 2?")
        .endsWith("````\n" + code + "\n````");
    assertThat(text(plain, 0))
        .contains("a loaded model from `model_list`", "Question: Review this critically")
        .endsWith("```\nA plan.\n```");
    assertThat(lmStudio.requestCount()).as("a prompt calls no model").isZero();
  }

  @Test
  void summarizeFileLeavesReadingTheFileToTheAgent() throws Exception {
    Path file = Files.writeString(dir.resolve("secret.txt"), "the launch code is 0000");

    GetPromptResult result =
        get(
            "summarize_file",
            "path",
            file.toString(),
            "model",
            FakeModel.LOADED_LLM,
            "focus",
            "risks");

    assertThat(text(result, 0))
        .contains("Summarize the file \"" + file + "\"")
        .contains("Read the file yourself (this server does not read files)")
        .contains("`ask` tool with model \"" + FakeModel.LOADED_LLM + "\"")
        .contains("focusing on \"risks\"")
        .doesNotContain("launch code");
    assertThat(lmStudio.requestCount()).isZero();
  }

  @Test
  void continueSessionEmbedsTheTranscriptTheResourceShowsAndAsksForChatSend() {
    SessionStore alice = backend.storeFor("alice");
    alice.create(NewSession.withId("c++ plan").withModel(FakeModel.LOADED_LLM));
    alice.append("c++ plan", List.of(Turn.user("Remember 42."), Turn.assistant("Noted.")));
    McpSyncServerExchange asAlice = new ClientSession().exchangeOf("alice");

    GetPromptResult result =
        get(asAlice, "continue_session", "session_id", "c++ plan", "message", "What number?");
    GetPromptResult noMessage = get(asAlice, "continue_session", "session_id", "c++ plan");
    McpSchema.ReadResourceResult read =
        resources
            .templates()
            .get(0)
            .readHandler()
            .apply(
                asAlice, McpSchema.ReadResourceRequest.builder(Resources.uri("c++ plan")).build());

    assertThat(result.messages()).hasSize(2);
    TextResourceContents embedded =
        (TextResourceContents) ((EmbeddedResource) result.messages().get(0).content()).resource();
    assertThat(embedded.uri()).isEqualTo("lmstudio://sessions/c%2B%2B%20plan");
    assertThat(embedded.mimeType()).isEqualTo("text/markdown");
    assertThat(embedded.text())
        .isEqualTo(((TextResourceContents) read.contents().get(0)).text())
        .contains("Remember 42.", "Noted.");
    assertThat(text(result, 1))
        .contains("call the `chat` tool with action \"send\", session_id \"c++ plan\"")
        .endsWith("```\nWhat number?\n```");
    assertThat(text(noMessage, 1)).contains("what I ask you to say next");
  }

  @Test
  void continueSessionRefusesAnUnknownSessionAndAnotherUsersSession() {
    backend.storeFor("alice").create(NewSession.withId("mine"));

    McpError unknown = refused("continue_session", "session_id", "nope");
    McpError others =
        catchThrowableOfType(
            McpError.class,
            () ->
                get(
                    new ClientSession().exchangeOf("bob"),
                    "continue_session",
                    "session_id",
                    "mine"));

    assertThat(unknown.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
    assertThat(unknown.getMessage())
        .isEqualTo("No chat session \"nope\"; chat list shows the stored ones");
    assertThat(others.getMessage()).startsWith("No chat session \"mine\"");
  }

  @Test
  void missingWrongAndOversizedArgumentsAreInvalidParamsInOneSentence() {
    McpError noText = refused("second_opinion");
    McpError blankPath = refused("summarize_file", "path", "");
    McpError number = refused("second_opinion", "text", 5);
    McpError huge = refused("second_opinion", "text", "x".repeat(Prompts.MAX_TEXT + 1));
    McpError longPath = refused("summarize_file", "path", "/" + "a".repeat(4096));
    McpError nul = refused("summarize_file", "path", "/tmp/a\0b");
    McpError longModel = refused("second_opinion", "text", "t", "model", "m".repeat(257));

    assertThat(List.of(noText, blankPath, number, huge, longPath, nul, longModel))
        .allSatisfy(
            e ->
                assertThat(e.getJsonRpcError().code())
                    .isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS));
    assertThat(noText.getMessage())
        .isEqualTo("The prompt second_opinion needs the argument \"text\".");
    assertThat(blankPath.getMessage())
        .isEqualTo("The prompt summarize_file needs the argument \"path\".");
    assertThat(number.getMessage()).isEqualTo("The argument \"text\" must be a string.");
    assertThat(huge.getMessage())
        .isEqualTo("The argument \"text\" has 1048577 characters; the most it takes is 1048576.");
    assertThat(longPath.getMessage()).contains("\"path\" has 4097 characters");
    assertThat(nul.getMessage())
        .isEqualTo("The argument \"path\" holds a NUL character, which no file path has.");
    assertThat(longModel.getMessage()).contains("\"model\" has 257 characters");
  }
}
