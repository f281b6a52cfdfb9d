package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import io.github.lmstudiojava.testing.FakeRequest;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every transport must do, end to end: the real jar, a real MCP SDK client, and {@link
 * FakeLmStudio} as LM Studio. Subclasses connect over stdio or Streamable HTTP.
 */
abstract class ServerContract {
  static final List<String> TOOL_NAMES =
      List.of(
          "model_list",
          "model_load",
          "model_unload",
          "model_download",
          "model_download_status",
          "ask",
          "chat",
          "embed");

  /** The tools whose structured results clients may parse: the models, the vectors. */
  static final List<String> WITH_OUTPUT_SCHEMA = List.of("model_list", "embed");

  @TempDir Path dir;
  final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
  final List<McpSchema.LoggingMessageNotification> logs = new CopyOnWriteArrayList<>();

  /** The URIs of the resources the client heard were updated (the SDK reads each again). */
  final List<String> updated = new CopyOnWriteArrayList<>();

  /** The resource lists the client fetched after each list_changed notification. */
  final List<List<String>> listChanges = new CopyOnWriteArrayList<>();

  private final List<AutoCloseable> open = new ArrayList<>();
  FakeLmStudio fake;

  /** Sets the client's consumers of resource notifications, for the subclasses' clients. */
  void listen(McpClient.SyncSpec spec) {
    spec.resourcesUpdateConsumer(contents -> contents.forEach(c -> updated.add(c.uri())))
        .resourcesChangeConsumer(
            resources -> listChanges.add(resources.stream().map(McpSchema.Resource::uri).toList()));
  }

  /** Starts the server with these environment variables and flags and connects a client. */
  abstract McpSyncClient connect(Map<String, String> env, List<String> args) throws Exception;

  McpSyncClient connect(FakeLmStudio lmStudio, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--sessions", "sqlite:" + dir.resolve("s.db")));
    all.addAll(List.of(args));
    McpSyncClient client = connect(Map.of("LM_STUDIO_URL", lmStudio.url()), all);
    open.add(client::close);
    return client;
  }

  FakeLmStudio fake(FakeLmStudio.Builder builder) {
    FakeLmStudio started = builder.start();
    open.add(started);
    return started;
  }

  /** Closes this after the test, after everything opened later (a server after its client). */
  void closeAfterTest(AutoCloseable closeable) {
    open.add(closeable);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  static CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
    return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(args).build());
  }

  static String text(CallToolResult result) {
    return ((TextContent) result.content().get(0)).text();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> structured(CallToolResult result) {
    assertThat(result.isError()).as(text(result)).isNotEqualTo(Boolean.TRUE);
    return (Map<String, Object>) result.structuredContent();
  }

  /** The requests the fake received to this method and path. */
  static List<FakeRequest> sent(FakeLmStudio lmStudio, String line) {
    return lmStudio.requests().stream().filter(r -> r.line().equals(line)).toList();
  }

  @Test
  void listsEveryToolWithSchemasAnnotationsAndOutputSchemasForParsableResults() throws Exception {
    fake = fake(FakeLmStudio.builder());
    McpSyncClient client = connect(fake);

    List<McpSchema.Tool> tools = client.listTools().tools();

    assertThat(tools).extracting(McpSchema.Tool::name).containsExactlyElementsOf(TOOL_NAMES);
    for (McpSchema.Tool tool : tools) {
      assertThat(tool.inputSchema()).containsEntry("type", "object");
      if (WITH_OUTPUT_SCHEMA.contains(tool.name())) {
        assertThat(tool.outputSchema()).as(tool.name()).containsEntry("type", "object");
      } else {
        assertThat(tool.outputSchema()).as(tool.name()).isNull();
      }
      assertThat(
              Boolean.TRUE.equals(tool.annotations().readOnlyHint())
                  || tool.annotations().destructiveHint() != null)
          .as("%s is marked read-only, or destructive or not", tool.name())
          .isTrue();
      assertThat(tool.description()).as(tool.name()).isNotBlank();
    }
    McpSchema.Tool ask = tools.get(TOOL_NAMES.indexOf("ask"));
    assertThat(ask.inputSchema().get("required")).isEqualTo(List.of("model", "prompt"));
    assertThat(tools.get(TOOL_NAMES.indexOf("model_list")).annotations().readOnlyHint()).isTrue();
    assertThat(tools.get(TOOL_NAMES.indexOf("model_list")).annotations().openWorldHint()).isFalse();
    assertThat(tools.get(TOOL_NAMES.indexOf("model_unload")).annotations().destructiveHint())
        .isTrue();
    assertThat(tools.get(TOOL_NAMES.indexOf("model_unload")).annotations().idempotentHint())
        .isTrue();
    assertThat(tools.get(TOOL_NAMES.indexOf("chat")).annotations().destructiveHint()).isTrue();
    McpSchema.Tool chat = tools.get(TOOL_NAMES.indexOf("chat"));
    assertThat(chat.inputSchema().get("properties").toString())
        .as("the bounds the stores rely on")
        .contains("session_id={type=string, minLength=1, maxLength=200}")
        .contains("message={type=string, minLength=1, maxLength=1048576}");
    assertThat(fake.requestCount()).as("tools/list touches no LM Studio").isZero();
  }

  @Test
  @SuppressWarnings("unchecked")
  void readOnlyListsNoToolOrChatActionThatChangesModelsOrErasesHistory() throws Exception {
    fake = fake(FakeLmStudio.builder());
    McpSyncClient client = connect(fake, "--read-only");

    List<McpSchema.Tool> tools = client.listTools().tools();

    assertThat(tools)
        .extracting(McpSchema.Tool::name)
        .containsExactly("model_list", "model_download_status", "ask", "chat", "embed");
    McpSchema.Tool chat = tools.get(3);
    assertThat(((Map<String, Object>) chat.inputSchema().get("properties")).get("action"))
        .isEqualTo(Map.of("enum", List.of("send", "history", "list")));
    assertThat(chat.description()).doesNotContain("reset", "delete");
    assertThat(chat.annotations().destructiveHint()).isFalse();
    assertThat(client.getServerInstructions())
        .contains("model_list", "chat")
        .doesNotContain("model_load", "model_unload", "model_download/");
    assertThat(client.listPrompts().prompts()).hasSize(3);
    assertThat(fake.requestCount()).isZero();
    CallToolResult unknownModel =
        call(client, "ask", Map.of("model", "nobody/nothing", "prompt", "Hi"));
    assertThat(text(unknownModel))
        .as("errors point to no tool left out")
        .contains("nobody/nothing", "model_list shows every downloaded model")
        .doesNotContain("model_download");
  }

  @Test
  void aToolLeftOutIsRefusedExactlyLikeAToolThatDoesNotExist() throws Exception {
    fake = fake(FakeLmStudio.builder());
    McpSyncClient readOnly = connect(fake, "--read-only");
    McpSyncClient some =
        connect(
            Map.of(
                "LM_STUDIO_URL", fake.url(),
                "LMSTUDIO_MCP_TOOLS", "chat, model_list,model_unload",
                "LMSTUDIO_MCP_READ_ONLY", "true"),
            List.of("--sessions", "sqlite:" + dir.resolve("some.db")));
    open.add(some::close);

    McpSchema.JSONRPCResponse.JSONRPCError unknown = refusal(readOnly, "no_such_tool");
    List<McpSchema.JSONRPCResponse.JSONRPCError> hidden =
        List.of(
            refusal(readOnly, "model_load"),
            refusal(readOnly, "model_unload"),
            refusal(readOnly, "model_download"),
            refusal(some, "ask"),
            refusal(some, "embed"),
            refusal(some, "model_unload"));

    assertThat(unknown.code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
    assertThat(unknown.data()).isEqualTo("Tool not found: no_such_tool");
    for (McpSchema.JSONRPCResponse.JSONRPCError error : hidden) {
      String name = ((String) error.data()).substring("Tool not found: ".length());
      assertThat(error)
          .as(name)
          .isEqualTo(
              new McpSchema.JSONRPCResponse.JSONRPCError(
                  unknown.code(), unknown.message(), "Tool not found: " + name));
    }
    assertThat(some.listTools().tools())
        .extracting(McpSchema.Tool::name)
        .containsExactly("model_list", "chat");
    assertThat(some.listPrompts().prompts())
        .extracting(McpSchema.Prompt::name)
        .as("the prompts that call ask are left out with it")
        .containsExactly("continue_session");
    assertThat(fake.requestCount()).as("nothing reached LM Studio").isZero();
    assertThat(structured(call(some, "model_list", Map.of()))).containsKey("models");
  }

  /** The JSON-RPC error a call of this tool with a plausible argument gets. */
  private static McpSchema.JSONRPCResponse.JSONRPCError refusal(McpSyncClient client, String tool) {
    McpError error =
        catchThrowableOfType(
            McpError.class, () -> call(client, tool, Map.of("model", FakeModel.LOADED_LLM)));
    assertThat(error).as("a call of %s is refused", tool).isNotNull();
    return error.getJsonRpcError();
  }

  @Test
  void readOnlyChatSendsAndReadsButRefusesResetAndDeleteLeavingTheHistory() throws Exception {
    fake = fake(FakeLmStudio.builder());
    McpSyncClient client = connect(fake, "--read-only");

    Map<String, Object> sent =
        structured(
            call(
                client,
                "chat",
                Map.of(
                    "action", "send",
                    "session_id", "kept",
                    "model", FakeModel.LOADED_LLM,
                    "message", "Remember 7.")));
    CallToolResult delete = call(client, "chat", Map.of("action", "delete", "session_id", "kept"));
    CallToolResult reset = call(client, "chat", Map.of("action", "reset", "session_id", "kept"));
    Map<String, Object> history =
        structured(call(client, "chat", Map.of("action", "history", "session_id", "kept")));
    Map<String, Object> list = structured(call(client, "chat", Map.of("action", "list")));

    assertThat((String) sent.get("text")).startsWith("You said: Remember 7.");
    assertThat(sent(fake, "POST /v1/chat/completions")).hasSize(1);
    for (CallToolResult refused : List.of(delete, reset)) {
      assertThat(refused.isError()).isTrue();
      assertThat(text(refused))
          .startsWith("Tool (chat) input validation failed")
          .endsWith(
              "/action: does not have a value in the enumeration [\"send\", \"history\","
                  + " \"list\"]]");
    }
    assertThat((List<?>) history.get("turns")).hasSize(2);
    assertThat(list.get("sessions").toString()).contains("id=kept", "turns=2");
  }

  @Test
  void modelListShowsLoadedInstancesAndCapabilities() throws Exception {
    fake = fake(FakeLmStudio.builder());
    McpSyncClient client = connect(fake);

    Map<String, Object> all = structured(call(client, "model_list", Map.of()));
    Map<String, Object> loaded =
        structured(call(client, "model_list", Map.of("loaded_only", true)));

    List<?> models = (List<?>) all.get("models");
    assertThat(models).hasSizeGreaterThan(1);
    assertThat(models.toString())
        .contains("key=" + FakeModel.LOADED_LLM, "loaded=true", "reasoning");
    assertThat((List<?>) loaded.get("models"))
        .hasSize(((Number) all.get("loaded_count")).intValue());
    assertThat(loaded.get("models").toString()).contains(FakeModel.LOADED_LLM);
    List<FakeRequest> gets = sent(fake, "GET /api/v1/models");
    assertThat(gets).hasSize(2);
    assertThat(gets.get(0).header("Authorization")).isNull();
  }

  @Test
  void modelLoadSendsEveryOptionAndUnloadFreesTheInstance() throws Exception {
    fake = fake(FakeLmStudio.builder());
    McpSyncClient client = connect(fake);

    Map<String, Object> loaded =
        structured(
            call(
                client,
                "model_load",
                Map.of(
                    "model",
                    FakeModel.UNLOADED_LLM,
                    "context_length",
                    8192,
                    "flash_attention",
                    true,
                    "eval_batch_size",
                    256,
                    "num_experts",
                    2,
                    "offload_kv_cache_to_gpu",
                    false)));
    Map<String, Object> unloaded =
        structured(
            call(client, "model_unload", Map.of("model", (String) loaded.get("instance_id"))));

    FakeRequest load = sent(fake, "POST /api/v1/models/load").get(0);
    assertThat(load.json())
        .containsOnly(
            Map.entry("model", FakeModel.UNLOADED_LLM),
            Map.entry("context_length", 8192.0),
            Map.entry("flash_attention", true),
            Map.entry("eval_batch_size", 256.0),
            Map.entry("num_experts", 2.0),
            Map.entry("offload_kv_cache_to_gpu", false),
            Map.entry("echo_load_config", true));
    assertThat(loaded).doesNotContainKey("not_applied");
    assertThat(loaded.get("instance_id")).isEqualTo(FakeModel.UNLOADED_LLM);
    assertThat(unloaded.get("instance_id")).isEqualTo(FakeModel.UNLOADED_LLM);
    assertThat(sent(fake, "POST /api/v1/models/unload").get(0).json())
        .containsEntry("instance_id", FakeModel.UNLOADED_LLM);
  }

  @Test
  void modelLoadReusesALoadedInstanceUnlessANewOneIsAskedFor() throws Exception {
    fake = fake(FakeLmStudio.builder());
    McpSyncClient client = connect(fake);

    CallToolResult again = call(client, "model_load", Map.of("model", FakeModel.LOADED_LLM));
    int loadsAfterReuse = sent(fake, "POST /api/v1/models/load").size();
    CallToolResult second =
        call(client, "model_load", Map.of("model", FakeModel.LOADED_LLM, "new_instance", true));
    Map<String, Object> listed =
        structured(call(client, "model_list", Map.of("loaded_only", true)));

    assertThat(structured(again))
        .containsEntry("reused", true)
        .containsEntry("instance_id", FakeModel.LOADED_LLM);
    assertThat(text(again))
        .startsWith("Already loaded: " + FakeModel.LOADED_LLM + " (llm, context 4096), reused");
    assertThat(loadsAfterReuse).isZero();
    assertThat(sent(fake, "GET /api/v1/models")).isNotEmpty();
    assertThat(structured(second))
        .containsEntry("reused", false)
        .containsEntry("instance_id", FakeModel.LOADED_LLM + ":2");
    assertThat(sent(fake, "POST /api/v1/models/load").get(0).json())
        .containsOnly(
            Map.entry("model", FakeModel.LOADED_LLM), Map.entry("echo_load_config", true));
    assertThat((List<?>) ((Map<?, ?>) ((List<?>) listed.get("models")).get(0)).get("instances"))
        .extracting(i -> ((Map<?, ?>) i).get("id"), i -> ((Map<?, ?>) i).get("parallel"))
        .containsExactly(tuple(FakeModel.LOADED_LLM, 4), tuple(FakeModel.LOADED_LLM + ":2", 4));
  }

  @Test
  void severalHostsAreListedWithTheirHostAndCallsGoWhereTheModelIs() throws Exception {
    FakeLmStudio desk =
        fake(FakeLmStudio.builder().models(FakeModel.llm("team/coder-7b").loaded(true).build()));
    FakeLmStudio gpu =
        fake(
            FakeLmStudio.builder()
                .apiToken("gpu-token")
                .models(FakeModel.llm("team/big-70b").build()));
    McpSyncClient client =
        connect(
            Map.of(),
            List.of(
                "--sessions",
                "sqlite:" + dir.resolve("s.db"),
                "--lmstudio-url",
                desk.url(),
                "--lmstudio-url",
                gpu.url(),
                "--api-token",
                ",gpu-token"));
    closeAfterTest(client::close);

    CallToolResult listed = call(client, "model_list", Map.of());
    CallToolResult asked =
        call(client, "ask", Map.of("model", "team/big-70b", "prompt", "Hello there"));
    CallToolResult loaded = call(client, "model_load", Map.of("model", "team/big-70b"));

    assertThat(text(listed))
        .contains("- team/coder-7b (llm")
        .contains(" on " + desk.url() + "\n    loaded as team/coder-7b")
        .contains(" on " + gpu.url());
    assertThat((List<?>) structured(listed).get("models"))
        .extracting(m -> ((Map<?, ?>) m).get("key"), m -> ((Map<?, ?>) m).get("host"))
        .containsExactly(tuple("team/coder-7b", desk.url()), tuple("team/big-70b", gpu.url()));
    assertThat(text(asked)).startsWith("You said: Hello there");
    assertThat(sent(gpu, "POST /api/v1/chat"))
        .singleElement()
        .satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer gpu-token"));
    assertThat(sent(desk, "POST /api/v1/chat")).isEmpty();
    assertThat(structured(loaded)).containsEntry("host", gpu.url());
    assertThat(text(loaded)).contains("on " + gpu.url());
    assertThat(sent(desk, "POST /api/v1/models/load")).isEmpty();
  }

  @Test
  void lessContextThanAskedForIsAWarningAfterALoadAndAfterAJustInTimeLoad() throws Exception {
    fake = fake(FakeLmStudio.builder().autoFitContext(6000));
    McpSyncClient client = connect(fake);

    CallToolResult loaded =
        call(
            client, "model_load", Map.of("model", FakeModel.UNLOADED_LLM, "context_length", 32768));
    CallToolResult asked =
        call(
            client,
            "ask",
            Map.of("model", FakeModel.VISION, "prompt", "Hello", "context_length", 20000));

    assertThat(structured(loaded))
        .containsEntry("requested_context_length", 32768)
        .containsEntry("warning", ModelLoadTool.contextWarning(reduced(32768, 6000)));
    assertThat(text(loaded))
        .contains(
            "context 6000. Warning: LM Studio loaded 6000 tokens of context, not the 32768 asked"
                + " for");
    assertThat(text(asked))
        .startsWith("You said: Hello")
        .contains(
            "[warning] LM Studio loaded "
                + FakeModel.VISION
                + " just in time with 6000 tokens of context, not the 20000 asked for");
    assertThat((List<?>) structured(asked).get("warnings")).hasSize(1);
    assertThat(sent(fake, "POST /api/v1/chat").get(0).json())
        .containsEntry("context_length", 20000.0);
  }

  private static io.github.lmstudiojava.client.LoadResult reduced(int asked, int got) {
    return new io.github.lmstudiojava.client.LoadResult(
        "llm",
        "m",
        1.0,
        "loaded",
        new io.github.lmstudiojava.client.InstanceConfig(got, null, null, null, null, null),
        asked,
        false,
        null);
  }

  @Test
  void aReasoningModelThatSpendsItsBudgetThinkingIsToldWithTheSettingToChange() throws Exception {
    fake = fake(FakeLmStudio.builder());
    McpSyncClient client = connect(fake);

    CallToolResult result =
        call(
            client, "ask", Map.of("model", FakeModel.REASONING, "prompt", "Why?", "max_tokens", 5));

    assertThat(text(result))
        .startsWith("(no answer text)")
        .contains(
            "[warning] The model spent its output on reasoning and gave no answer (max_tokens 5):"
                + " raise max_tokens, or set reasoning to \"low\" or \"off\"");
    assertThat(structured(result)).containsEntry("text", "").containsKey("warnings");
    assertThat(sent(fake, "POST /api/v1/chat").get(0).json())
        .containsEntry("max_output_tokens", 5.0);

    CallToolResult sentInSession =
        call(
            client,
            "chat",
            Map.of(
                "action",
                "send",
                "session_id",
                "thinker",
                "model",
                FakeModel.REASONING,
                "message",
                "Why?",
                "max_tokens",
                5));

    assertThat(text(sentInSession))
        .contains(
            "[warning] The model spent its output on reasoning and gave no answer (max_tokens 5)");
    assertThat(structured(sentInSession)).containsEntry("text", "").containsKey("warnings");
    assertThat(sent(fake, "POST /v1/chat/completions").get(0).json())
        .containsEntry("model", FakeModel.REASONING)
        .containsEntry("max_tokens", 5.0);
  }

  @Test
  void modelLoadTakesMcpLlmStudiosGpuAndTtlButSaysItCouldNotApplyThem() throws Exception {
    fake = fake(FakeLmStudio.builder());
    McpSyncClient client = connect(fake);

    CallToolResult result =
        call(client, "model_load", Map.of("model", FakeModel.UNLOADED_LLM, "gpu", 0.5, "ttl", 600));

    Map<String, Object> out = structured(result);
    assertThat(out.get("instance_id")).isEqualTo(FakeModel.UNLOADED_LLM);
    assertThat(text(result))
        .startsWith("Loaded " + FakeModel.UNLOADED_LLM)
        .contains("Not applied: gpu 0.5: LM Studio's REST API has no GPU offload setting")
        .contains("Not applied: ttl 600: LM Studio applies an idle TTL only to a model it loads")
        .contains("pass ttl to the chat tool");
    assertThat(out.get("not_applied"))
        .asList()
        .extracting(o -> ((Map<?, ?>) o).get("argument"), o -> ((Map<?, ?>) o).get("value"))
        .containsExactly(tuple("gpu", 0.5), tuple("ttl", 600));
    // LM Studio refuses keys its load reference does not list: neither is sent.
    assertThat(sent(fake, "POST /api/v1/models/load").get(0).json())
        .containsOnly(
            Map.entry("model", FakeModel.UNLOADED_LLM), Map.entry("echo_load_config", true));
  }

  @Test
  void askTakesAnyReasoningTheModelListsAndNamesTheAllowedOnesOtherwise() throws Exception {
    fake = fake(FakeLmStudio.builder().addModels(FakeModel.effortReasoning()));
    McpSyncClient client = connect(fake);

    CallToolResult xhigh =
        call(
            client,
            "ask",
            Map.of(
                "model", FakeModel.EFFORT_REASONING, "prompt", "Prove it.", "reasoning", "xhigh"));
    CallToolResult refused =
        call(
            client,
            "ask",
            Map.of("model", FakeModel.EFFORT_REASONING, "prompt", "Prove it.", "reasoning", "on"));

    assertThat((String) structured(xhigh).get("reasoning")).isNotBlank();
    assertThat(refused.isError()).isTrue();
    assertThat(text(refused))
        .isEqualTo(
            "Model \""
                + FakeModel.EFFORT_REASONING
                + "\" does not take reasoning \"on\"; its allowed options are: low, medium, high,"
                + " xhigh (default medium).");
    assertThat(sent(fake, "POST /api/v1/chat"))
        .extracting(r -> r.json().get("reasoning"))
        .containsExactly("xhigh", "on");
    assertThat(sent(fake, "GET /api/v1/models")).hasSize(1);
  }

  @Test
  void aPausedDownloadIsReportedPlainlyByBothDownloadTools() throws Exception {
    fake = fake(FakeLmStudio.builder().downloadPolls(4).downloadPausesAfter(2));
    McpSyncClient client = connect(fake, "--download-poll", "20ms");

    CallToolResult followed =
        call(client, "model_download", Map.of("model", FakeModel.DOWNLOADABLE, "wait_seconds", 60));
    Map<String, Object> out = structured(followed);
    String jobId = (String) out.get("job_id");
    CallToolResult status = call(client, "model_download_status", Map.of("job_id", jobId));

    assertThat(out.get("status")).isEqualTo("paused");
    assertThat(out.get("finished")).isEqualTo(false);
    assertThat(text(followed))
        .startsWith("The download of " + FakeModel.DOWNLOADABLE + " is paused in LM Studio (paused")
        .contains("(25%)")
        .contains("resume it in LM Studio's Downloads panel")
        .contains("model_download_status job_id \"" + jobId + "\"");
    assertThat(structured(status).get("status")).isEqualTo("paused");
    assertThat(text(status))
        .startsWith("Download " + jobId + ": paused")
        .endsWith("resume it in LM Studio's Downloads panel, and it goes on.");
    // Following stops at the pause instead of polling on for the whole minute.
    assertThat(sent(fake, "GET /api/v1/models/download/status/" + jobId)).hasSize(3);
  }

  @Test
  void unknownModelNamesTheLoadedOnesInOneSentence() throws Exception {
    fake = fake(FakeLmStudio.builder());
    McpSyncClient client = connect(fake);

    CallToolResult load = call(client, "model_load", Map.of("model", "nobody/nothing"));
    CallToolResult ask = call(client, "ask", Map.of("model", "nobody/nothing", "prompt", "Hi"));

    assertThat(load.isError()).isTrue();
    assertThat(text(load))
        .startsWith("Model \"nobody/nothing\" is not available in LM Studio; loaded: ")
        .contains(FakeModel.LOADED_LLM);
    assertThat(ask.isError()).isTrue();
    assertThat(text(ask)).contains("nobody/nothing", "loaded: ", "model_download fetches new ones");
  }

  @Test
  void errorPathsOfUnloadDownloadStatusAndEmbedAreOneSentenceEach() throws Exception {
    fake = fake(FakeLmStudio.builder());
    McpSyncClient client = connect(fake);

    CallToolResult unload = call(client, "model_unload", Map.of("model", "not/loaded"));
    CallToolResult download = call(client, "model_download", Map.of("model", "nobody/nothing"));
    CallToolResult status = call(client, "model_download_status", Map.of("job_id", "job_nope"));
    CallToolResult embed = call(client, "embed", Map.of("model", "nobody/nothing", "input", "x"));

    for (CallToolResult r : List.of(unload, download, status, embed)) {
      assertThat(r.isError()).as(text(r)).isTrue();
      assertThat(r.content()).hasSize(1);
      assertThat(text(r)).doesNotContain("Exception", "\n");
    }
    assertThat(text(unload)).contains("not/loaded").contains("loaded: " + FakeModel.LOADED_LLM);
    assertThat(text(download)).contains("nobody/nothing");
    assertThat(text(status)).contains("job_nope");
    assertThat(text(embed)).contains("nobody/nothing");
    assertThat(sent(fake, "POST /api/v1/models/unload").get(0).json())
        .containsEntry("instance_id", "not/loaded");
    assertThat(sent(fake, "GET /api/v1/models/download/status/job_nope")).isNotEmpty();
  }

  @Test
  void askReturnsTextReasoningStatsAndSendsEveryOption() throws Exception {
    fake = fake(FakeLmStudio.builder());
    McpSyncClient client = connect(fake);

    CallToolResult result =
        call(
            client,
            "ask",
            Map.of(
                "model",
                FakeModel.REASONING,
                "prompt",
                "Why is the sky blue?",
                "system",
                "Be brief.",
                "temperature",
                0.2,
                "max_tokens",
                100,
                "reasoning",
                "on",
                "context_length",
                4096,
                "stream",
                false));

    Map<String, Object> out = structured(result);
    assertThat(out.get("text")).isEqualTo("You said: Why is the sky blue?");
    assertThat((String) out.get("reasoning")).isNotBlank();
    assertThat(out.get("stats").toString()).contains("input_tokens=", "tokens_per_second=");
    assertThat(text(result)).startsWith("You said: Why is the sky blue?").contains("[stats]");
    FakeRequest chat = sent(fake, "POST /api/v1/chat").get(0);
    assertThat(chat.json())
        .containsEntry("model", FakeModel.REASONING)
        .containsEntry("input", "Why is the sky blue?")
        .containsEntry("system_prompt", "Be brief.")
        .containsEntry("temperature", 0.2)
        .containsEntry("max_output_tokens", 100.0)
        .containsEntry("reasoning", "on")
        .containsEntry("context_length", 4096.0)
        .containsEntry("store", false)
        .containsEntry("stream", true);
  }

  @Test
  void askPassesImagesAndIntegrationsAndReturnsTheToolCallsLmStudioMade() throws Exception {
    fake = fake(FakeLmStudio.builder());
    Path images = Files.createDirectories(dir.resolve("images"));
    byte[] photo = ImageFilesTest.png();
    Path file = Files.write(images.resolve("photo.png"), photo);
    McpSyncClient client = connect(fake, "--image-root", images.toString());
    String png =
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR4nGNgYAAAAAMAASsJTYQAAAAASUVORK5CYII=";

    Map<String, Object> out =
        structured(
            call(
                client,
                "ask",
                Map.of(
                    "model",
                    FakeModel.VISION,
                    "prompt",
                    "What is this?",
                    "images",
                    List.of(png, file.toString()),
                    "integrations",
                    List.of(
                        Map.of(
                            "type",
                            "ephemeral_mcp",
                            "server_label",
                            "huggingface",
                            "server_url",
                            "https://huggingface.co/mcp",
                            "allowed_tools",
                            List.of("model_search")),
                        Map.of("type", "plugin", "id", "mcp/playwright")))));

    List<?> calls = (List<?>) out.get("tool_calls");
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).toString()).contains("tool=model_search", "server=huggingface");
    assertThat(calls.get(1).toString()).contains("server=mcp/playwright");
    FakeRequest chat = sent(fake, "POST /api/v1/chat").get(0);
    assertThat(chat.json().get("input").toString())
        .contains(
            "data_url=" + png,
            "data_url=data:image/png;base64," + Base64.getEncoder().encodeToString(photo));
    assertThat(chat.json().get("integrations").toString())
        .contains("server_url=https://huggingface.co/mcp", "allowed_tools=[model_search]");
  }

  @Test
  void imageFilesOutsideTheRootsAreRefusedAlikeAndNothingReachesLmStudio() throws Exception {
    fake = fake(FakeLmStudio.builder());
    Path images = Files.createDirectories(dir.resolve("images"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Path secret = Files.write(outside.resolve("secret.png"), ImageFilesTest.png());
    Path notes = Files.writeString(images.resolve("notes.bmp"), "BM password=hunter2\n");
    Path link = Files.createSymbolicLink(images.resolve("link.png"), secret);
    McpSyncClient client = connect(fake, "--image-root", images.toString());

    List<String> refused =
        new ArrayList<>(
            List.of(
                secret.toString(),
                link.toString(),
                images + "/../outside/secret.png",
                images.resolve("missing.png").toString(),
                notes.toString(),
                images.toString(),
                "/dev/zero",
                "photo.png"));
    Path pipe = images.resolve("pipe.png");
    if (new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor() == 0) {
      refused.add(pipe.toString());
    }
    for (String path : refused) {
      CallToolResult result =
          call(
              client,
              "ask",
              Map.of("model", FakeModel.VISION, "prompt", "What?", "images", List.of(path)));

      assertThat(result.isError()).as(path).isTrue();
      assertThat(result.content()).hasSize(1);
      assertThat(text(result)).isEqualTo(ImageFiles.refusal(path, 20 << 20));
    }
    assertThat(ImageFiles.refusal(secret.toString(), 20 << 20))
        .isEqualTo(
            "Image \""
                + secret
                + "\" cannot be used: pass a PNG, JPEG, WebP, GIF or BMP file under an allowed root"
                + " (--image-root or the client's roots), at most 20 MiB, or a data: URL.");
    assertThat(fake.requestCount()).isZero();
    assertThat(client.ping()).isNotNull();
  }

  @Test
  void slowAskSendsProgressNotificationsDrivenByTokens() throws Exception {
    fake = fake(FakeLmStudio.builder().tokenDelay(Duration.ofMillis(120)));
    McpSyncClient client = connect(fake);
    // Ten words and the prefix stream for well over three of the server's 250 ms progress gaps.
    String prompt = "one two three four five six seven eight nine ten";

    CallToolResult result =
        client.callTool(
            McpSchema.CallToolRequest.builder("ask")
                .arguments(Map.of("model", FakeModel.LOADED_LLM, "prompt", prompt))
                .progressToken("ask-1")
                .build());

    assertThat(text(result)).startsWith("You said: " + prompt);
    assertThat(progress).hasSizeGreaterThanOrEqualTo(3);
    assertThat(progress).allSatisfy(p -> assertThat(p.progressToken()).isEqualTo("ask-1"));
    assertThat(progress)
        .extracting(McpSchema.ProgressNotification::message)
        .anyMatch(m -> m.startsWith("answering: "));
    for (int i = 1; i < progress.size(); i++) {
      assertThat(progress.get(i).progress()).isGreaterThan(progress.get(i - 1).progress());
    }
  }

  @Test
  void modelDownloadFollowsProgressAndStatusFollowsALongOneByJobId() throws Exception {
    fake = fake(FakeLmStudio.builder().downloadPolls(3));
    McpSyncClient client = connect(fake, "--download-poll", "20ms");

    Map<String, Object> quick =
        structured(
            call(
                client,
                "model_download",
                Map.of("model", FakeModel.DOWNLOADABLE, "wait_seconds", 0)));
    String jobId = (String) quick.get("job_id");
    Map<String, Object> later =
        structured(call(client, "model_download_status", Map.of("job_id", jobId)));
    Map<String, Object> followed =
        structured(
            client.callTool(
                McpSchema.CallToolRequest.builder("model_download")
                    .arguments(Map.of("model", FakeModel.DOWNLOADABLE))
                    .progressToken(7)
                    .build()));

    assertThat(quick.get("finished")).isEqualTo(false);
    assertThat(jobId).isNotBlank();
    assertThat(later.get("job_id")).isEqualTo(jobId);
    assertThat(followed.get("finished")).isEqualTo(true);
    assertThat(followed.get("status")).isEqualTo("completed");
    assertThat(progress).isNotEmpty();
    assertThat(sent(fake, "POST /api/v1/models/download").get(0).json())
        .containsEntry("model", FakeModel.DOWNLOADABLE);
    assertThat(sent(fake, "GET /api/v1/models/download/status/" + jobId)).isNotEmpty();
  }

  @Test
  void chatKeepsSessionsAndEveryActionWorks() throws Exception {
    fake = fake(FakeLmStudio.builder());
    McpSyncClient client = connect(fake);

    Map<String, Object> first =
        structured(
            call(
                client,
                "chat",
                Map.of(
                    "action", "send",
                    "session_id", "plan",
                    "model", FakeModel.LOADED_LLM,
                    "system", "Be brief.",
                    "message", "My name is Ada.",
                    "temperature", 0.3,
                    "max_tokens", 50,
                    "draft_model", "tiny/draft",
                    "ttl", 300)));
    Map<String, Object> second =
        structured(
            call(
                client, "chat", Map.of("action", "send", "session_id", "plan", "message", "And?")));
    Map<String, Object> history =
        structured(call(client, "chat", Map.of("action", "history", "session_id", "plan")));
    Map<String, Object> list = structured(call(client, "chat", Map.of("action", "list")));

    assertThat((String) first.get("text")).startsWith("You said: My name is Ada.");
    assertThat((String) second.get("text")).startsWith("You said: And?");
    List<FakeRequest> completions = sent(fake, "POST /v1/chat/completions");
    assertThat(completions.get(0).json())
        .containsEntry("temperature", 0.3)
        .containsEntry("max_tokens", 50.0)
        .containsEntry("draft_model", "tiny/draft")
        .containsEntry("ttl", 300.0)
        .containsEntry("stream", true);
    assertThat(completions.get(1).json().get("messages").toString())
        .contains("Be brief.", "My name is Ada.", "You said: My name is Ada.", "And?");
    assertThat((List<?>) history.get("turns")).hasSize(4);
    assertThat(list.get("sessions").toString()).contains("id=plan", "turns=4");

    structured(call(client, "chat", Map.of("action", "reset", "session_id", "plan")));
    assertThat(
            (List<?>)
                structured(call(client, "chat", Map.of("action", "history", "session_id", "plan")))
                    .get("turns"))
        .isEmpty();
    Map<String, Object> deleted =
        structured(call(client, "chat", Map.of("action", "delete", "session_id", "plan")));
    assertThat(deleted.get("deleted")).isEqualTo(true);
    CallToolResult gone = call(client, "chat", Map.of("action", "history", "session_id", "plan"));
    assertThat(gone.isError()).isTrue();
    CallToolResult noModel =
        call(client, "chat", Map.of("action", "send", "session_id", "new", "message", "Hi"));
    assertThat(noModel.isError()).isTrue();
    assertThat(text(noModel)).isEqualTo("session \"new\" is new: name the model to chat with");
  }

  @Test
  void concurrentSendsToOneSessionFromFourServersAreStoredWholeEachAfterItsQuestion()
      throws Exception {
    fake = fake(FakeLmStudio.builder());
    // Four servers on one store file, as four clients of a team would run them.
    List<McpSyncClient> clients = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      clients.add(connect(fake));
    }
    McpSyncClient client = clients.get(0);
    structured(
        call(
            client,
            "chat",
            Map.of(
                "action", "send",
                "session_id", "shared",
                "model", FakeModel.LOADED_LLM,
                "message", "first")));
    // Each server opens the store and warms up first, so that the race below is only the sends'.
    for (McpSyncClient other : clients) {
      structured(call(other, "chat", Map.of("action", "history", "session_id", "shared")));
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(clients.size());
    List<java.util.concurrent.Future<List<Object>>> sends = new java.util.ArrayList<>();
    for (int c = 0; c < clients.size(); c++) {
      McpSyncClient own = clients.get(c);
      int server = c;
      sends.add(
          pool.submit(
              () -> {
                // Each server's send races the other three: a send overtaken by another is asked
                // for again, at most three times, one for each other send stored meanwhile.
                return List.of(
                    structured(
                            call(
                                own,
                                "chat",
                                Map.of(
                                    "action",
                                    "send",
                                    "session_id",
                                    "shared",
                                    "message",
                                    "question " + server)))
                        .get("text"));
              }));
    }
    for (int c = 0; c < sends.size(); c++) {
      assertThat(sends.get(c).get(120, java.util.concurrent.TimeUnit.SECONDS))
          .containsExactly("You said: question " + c);
    }
    pool.shutdown();

    List<?> turns =
        (List<?>)
            structured(
                    call(
                        client,
                        "chat",
                        Map.of("action", "history", "session_id", "shared", "limit", 100)))
                .get("turns");
    assertThat(turns).hasSize(10);
    for (int i = 0; i < turns.size(); i += 2) {
      Map<?, ?> question = (Map<?, ?>) turns.get(i);
      Map<?, ?> answer = (Map<?, ?>) turns.get(i + 1);
      assertThat(question.get("role")).isEqualTo("user");
      assertThat(answer.get("content")).isEqualTo("You said: " + question.get("content"));
    }
    // Each stored answer was asked for with the whole history before it, and nothing else.
    List<FakeRequest> completions = sent(fake, "POST /v1/chat/completions");
    for (int i = 2; i < turns.size(); i += 2) {
      int asked = i;
      assertThat(completions)
          .anySatisfy(
              c -> {
                List<?> messages = (List<?>) c.json().get("messages");
                assertThat(messages).hasSize(asked + 1);
                assertThat(((Map<?, ?>) messages.get(asked)).get("content"))
                    .isEqualTo(((Map<?, ?>) turns.get(asked)).get("content"));
                assertThat(((Map<?, ?>) messages.get(asked - 1)).get("content"))
                    .isEqualTo(((Map<?, ?>) turns.get(asked - 1)).get("content"));
              });
    }
  }

  @Test
  void embedReturnsOneVectorPerText() throws Exception {
    fake = fake(FakeLmStudio.builder());
    McpSyncClient client = connect(fake);

    Map<String, Object> one =
        structured(call(client, "embed", Map.of("model", FakeModel.EMBEDDING, "input", "hello")));
    Map<String, Object> many =
        structured(
            call(
                client,
                "embed",
                Map.of("model", FakeModel.EMBEDDING, "input", List.of("a", "b", "c"))));

    assertThat((List<?>) one.get("embeddings")).hasSize(1);
    assertThat(one.get("dimensions")).isEqualTo(768);
    assertThat((List<?>) many.get("embeddings")).hasSize(3);
    assertThat(sent(fake, "POST /v1/embeddings").get(1).json().get("input"))
        .isEqualTo(List.of("a", "b", "c"));
  }

  @Test
  void resourcesServeModelsSessionsAndTranscripts() throws Exception {
    fake = fake(FakeLmStudio.builder());
    McpSyncClient client = connect(fake);
    structured(
        call(
            client,
            "chat",
            Map.of(
                "action", "send",
                "session_id", "notes",
                "model", FakeModel.LOADED_LLM,
                "message", "Remember 42.")));

    List<String> uris =
        client.listResources().resources().stream().map(McpSchema.Resource::uri).toList();
    List<String> templates =
        client.listResourceTemplates().resourceTemplates().stream()
            .map(McpSchema.ResourceTemplate::uriTemplate)
            .toList();
    String models = read(client, "lmstudio://models");
    String sessions = read(client, "lmstudio://sessions");
    String transcript = read(client, "lmstudio://sessions/notes");

    assertThat(uris)
        .containsExactly("lmstudio://models", "lmstudio://sessions", "lmstudio://sessions/notes");
    assertThat(templates)
        .containsExactlyInAnyOrder(
            "lmstudio://sessions/{id}", "lmstudio://models/{key}", "lmstudio://instances/{id}");
    assertThat(models).contains("\"key\":\"" + FakeModel.LOADED_LLM + "\"");
    assertThat(sessions).contains("\"id\":\"notes\"", "\"uri\":\"lmstudio://sessions/notes\"");
    structured(
        call(
            client,
            "chat",
            Map.of(
                "action", "send",
                "session_id", "c++ notes",
                "model", FakeModel.LOADED_LLM,
                "message", "Plus signs.")));
    assertThat(read(client, "lmstudio://sessions"))
        .contains("\"uri\":\"lmstudio://sessions/c%2B%2B%20notes\"");
    assertThat(read(client, "lmstudio://sessions/c%2B%2B%20notes"))
        .startsWith("# Chat session c++ notes")
        .contains("Plus signs.");
    assertThat(transcript)
        .startsWith("# Chat session notes")
        .contains("## 0. user", "Remember 42.", "## 1. assistant (" + FakeModel.LOADED_LLM + ")");
  }

  @Test
  void subscribersHearOfChangesMadeByThisServerAndByAnyoneElse() throws Exception {
    fake = fake(FakeLmStudio.builder());
    McpSyncClient client = connect(fake, "--watch-interval", "200ms");
    String notes = Resources.uri("notes 1");

    List<String> before =
        client.listResources().resources().stream().map(McpSchema.Resource::uri).toList();
    client.subscribeResource(new McpSchema.SubscribeRequest(Resources.MODELS));
    client.subscribeResource(new McpSchema.SubscribeRequest(notes));
    // This server's own change: heard as the call ends.
    structured(call(client, "model_load", Map.of("model", FakeModel.UNLOADED_LLM)));
    awaitTrue(() -> updated.contains(Resources.MODELS), "models updated after model_load");
    // A session appears: its transcript is updated, and the resource list changes.
    structured(
        call(
            client,
            "chat",
            Map.of(
                "action", "send",
                "session_id", "notes 1",
                "model", FakeModel.LOADED_LLM,
                "message", "Remember 42.")));
    awaitTrue(() -> updated.contains(notes), "transcript updated after chat send");
    awaitTrue(() -> !listChanges.isEmpty(), "list_changed after a new session");
    // Someone else unloads a model through LM Studio's own API: heard within the watch interval.
    updated.clear();
    int modelRequests = sent(fake, "GET /api/v1/models").size();
    fake.client().models().unload(FakeModel.UNLOADED_LLM);
    awaitTrue(() -> updated.contains(Resources.MODELS), "models updated after another's unload");
    // After unsubscribing, nothing more.
    client.unsubscribeResource(new McpSchema.UnsubscribeRequest(Resources.MODELS));
    Thread.sleep(300);
    updated.clear();
    fake.client().models().load(FakeModel.UNLOADED_LLM);
    Thread.sleep(1000);

    assertThat(before).containsExactly(Resources.MODELS, Resources.SESSIONS);
    assertThat(listChanges.get(0)).containsExactly(Resources.MODELS, Resources.SESSIONS, notes);
    assertThat(updated).doesNotContain(Resources.MODELS);
    assertThat(sent(fake, "GET /api/v1/models").size()).isGreaterThan(modelRequests);
    assertThat(sent(fake, "GET /api/v1/models")).allSatisfy(r -> assertThat(r.body()).isEmpty());
    assertThatThrownBy(
            () -> client.subscribeResource(new McpSchema.SubscribeRequest("file:///etc/passwd")))
        .hasMessageContaining("not a resource of this server");
  }

  /** Waits up to 10 s for a condition, polling. */
  static void awaitTrue(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("not within 10 s: " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void promptsCompletionsAndTheModelAndInstanceTemplatesWorkEndToEnd() throws Exception {
    fake = fake(FakeLmStudio.builder());
    McpSyncClient client = connect(fake);
    structured(
        call(
            client,
            "chat",
            Map.of(
                "action", "send",
                "session_id", "notes",
                "model", FakeModel.LOADED_LLM,
                "message", "Remember 42.")));
    int sentBefore = fake.requestCount();

    List<McpSchema.Prompt> prompts = client.listPrompts().prompts();
    McpSchema.GetPromptResult opinion =
        client.getPrompt(
            new McpSchema.GetPromptRequest(
                "second_opinion", Map.of("text", "x = 1", "model", FakeModel.REASONING)));
    McpSchema.GetPromptResult resumed =
        client.getPrompt(
            new McpSchema.GetPromptRequest("continue_session", Map.of("session_id", "notes")));
    McpError unknown =
        catchThrowableOfType(
            McpError.class,
            () ->
                client.getPrompt(
                    new McpSchema.GetPromptRequest(
                        "continue_session", Map.of("session_id", "nope"))));
    int promptRequests = fake.requestCount() - sentBefore;
    int listsBefore = sent(fake, "GET /api/v1/models").size();
    List<String> promptModels =
        complete(client, new McpSchema.PromptReference("second_opinion"), "model", "");
    int listsForOneCompletion = sent(fake, "GET /api/v1/models").size() - listsBefore;
    List<String> modelKeys =
        complete(client, new McpSchema.ResourceReference(Resources.MODEL_TEMPLATE), "key", "GRAN");
    List<String> instanceIds =
        complete(client, new McpSchema.ResourceReference(Resources.INSTANCE_TEMPLATE), "id", "");
    List<String> sessionIds =
        complete(client, new McpSchema.ResourceReference(Resources.SESSION_TEMPLATE), "id", "no");
    List<String> promptSessions =
        complete(client, new McpSchema.PromptReference("continue_session"), "session_id", "");
    String encoded = read(client, "lmstudio://models/ibm%2Fgranite-4-micro");
    String raw = read(client, "lmstudio://models/" + FakeModel.LOADED_LLM);
    String instance = read(client, "lmstudio://instances/" + FakeModel.LOADED_LLM);
    McpError noModel =
        catchThrowableOfType(McpError.class, () -> read(client, "lmstudio://models/acme%2Fnone"));

    assertThat(prompts)
        .extracting(McpSchema.Prompt::name)
        .containsExactlyInAnyOrder("second_opinion", "summarize_file", "continue_session");
    assertThat(((TextContent) opinion.messages().get(0).content()).text())
        .contains("`ask` tool with model \"" + FakeModel.REASONING + "\"", "x = 1");
    assertThat(resumed.messages()).hasSize(2);
    assertThat(
            ((McpSchema.TextResourceContents)
                    ((McpSchema.EmbeddedResource) resumed.messages().get(0).content()).resource())
                .text())
        .startsWith("# Chat session notes")
        .contains("Remember 42.");
    assertThat(unknown.getMessage())
        .contains("No chat session \"nope\"; chat list shows the stored ones");
    assertThat(promptRequests).as("prompts call no model").isZero();
    assertThat(promptModels).first().as("the loaded model first").isEqualTo(FakeModel.LOADED_LLM);
    assertThat(promptModels).doesNotContain(FakeModel.EMBEDDING).contains(FakeModel.REASONING);
    assertThat(listsForOneCompletion).isEqualTo(1);
    assertThat(modelKeys).containsExactly(FakeModel.LOADED_LLM);
    assertThat(instanceIds).containsExactly(FakeModel.LOADED_LLM);
    assertThat(sessionIds).containsExactly("notes");
    assertThat(promptSessions).containsExactly("notes");
    assertThat(sent(fake, "GET /api/v1/models"))
        .as("one list for each model completion and each read; none for sessions")
        .hasSize(listsBefore + 3 + 4);
    assertThat(raw).isEqualTo(encoded).contains("\"key\":\"" + FakeModel.LOADED_LLM + "\"");
    assertThat(instance)
        .contains(
            "\"id\":\"" + FakeModel.LOADED_LLM + "\"",
            "\"model\":\"" + FakeModel.LOADED_LLM + "\"",
            "\"context_length\":");
    assertThat(noModel.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND);
    assertThat(noModel.getMessage()).contains("No model \"acme/none\" in LM Studio");
  }

  static List<String> complete(
      McpSyncClient client, McpSchema.CompleteReference ref, String argument, String typed) {
    return client
        .completeCompletion(
            McpSchema.CompleteRequest.builder(
                    ref, new McpSchema.CompleteRequest.CompleteArgument(argument, typed))
                .build())
        .completion()
        .values();
  }

  static String read(McpSyncClient client, String uri) {
    McpSchema.ReadResourceResult result =
        client.readResource(McpSchema.ReadResourceRequest.builder(uri).build());
    return ((McpSchema.TextResourceContents) result.contents().get(0)).text();
  }

  @Test
  void lmStudioNotRunningAndMissingTokenAreOneActionableSentence() throws Exception {
    FakeLmStudio secured = fake(FakeLmStudio.builder().apiToken("sesame"));
    McpSyncClient noToken = connect(secured);
    CallToolResult refused = call(noToken, "model_list", Map.of());

    McpSyncClient withToken =
        connect(Map.of("LM_STUDIO_URL", secured.url(), "LM_API_TOKEN", "sesame"), List.of());
    open.add(withToken::close);
    CallToolResult allowed = call(withToken, "model_list", Map.of());

    McpSyncClient nowhere =
        connect(Map.of("LM_STUDIO_URL", "http://127.0.0.1:9"), List.of("--connect-timeout", "2s"));
    open.add(nowhere::close);
    CallToolResult down = call(nowhere, "ask", Map.of("model", "m", "prompt", "Hi"));

    assertThat(refused.isError()).isTrue();
    assertThat(text(refused))
        .startsWith("LM Studio at " + secured.url() + " requires an API token")
        .contains("LM_API_TOKEN");
    assertThat(allowed.isError()).isFalse();
    assertThat(secured.lastRequest().header("Authorization")).isEqualTo("Bearer sesame");
    assertThat(down.isError()).isTrue();
    assertThat(text(down))
        .isEqualTo(
            "LM Studio is not running at http://127.0.0.1:9 (connection refused): start its"
                + " server (`lms server start`, or the toggle in the Developer tab) or point"
                + " LM_STUDIO_URL at it.");
  }

  @Test
  void badArgumentsGetTheValidationErrorAndTheServerGoesOn() throws Exception {
    fake = fake(FakeLmStudio.builder());
    McpSyncClient client = connect(fake);

    CallToolResult wrongType = call(client, "ask", Map.of("model", 5, "prompt", "Hi"));
    CallToolResult missing = call(client, "model_load", Map.of());
    CallToolResult extra = call(client, "embed", Map.of("model", "m", "input", 3, "nope", 1));
    CallToolResult tooLong = call(client, "model_unload", Map.of("model", "x".repeat(300)));

    for (CallToolResult r : List.of(wrongType, missing, extra, tooLong)) {
      assertThat(r.isError()).isTrue();
      assertThat(text(r)).contains("input validation failed");
    }
    assertThat(fake.requestCount()).isZero();
    assertThat(client.ping()).isNotNull();
  }

  @Test
  void aDeadlineStopsASlowAskAndTheServerGoesOn() throws Exception {
    fake = fake(FakeLmStudio.builder().tokenDelay(Duration.ofMillis(400)));
    McpSyncClient client = connect(fake, "--inference-timeout", "1s");

    CallToolResult result =
        call(client, "ask", Map.of("model", FakeModel.LOADED_LLM, "prompt", "a b c d e f g h i j"));

    assertThat(result.isError()).isTrue();
    assertThat(text(result))
        .isEqualTo(
            "Stopped: ask ran out of its 1s deadline (--inference-timeout); the request to LM"
                + " Studio was cancelled.");
    assertThat(client.ping()).isNotNull();
    assertThat(structured(call(client, "model_list", Map.of())).get("loaded_count")).isNotNull();
  }

  @Test
  void toolsWorkAfterIdlePausesLongerThanLmStudiosKeepAliveAndNothingIsSentTwice()
      throws Exception {
    fake = fake(FakeLmStudio.builder().keepAlive(FakeLmStudio.DEFAULT_KEEP_ALIVE));
    McpSyncClient client = connect(fake);
    Map<String, Object> ask = Map.of("model", FakeModel.LOADED_LLM, "prompt", "first");

    CallToolResult first = call(client, "ask", ask);
    Thread.sleep(6_000);
    CallToolResult second =
        call(
            client,
            "chat",
            Map.of(
                "action", "send",
                "session_id", "idle",
                "model", FakeModel.LOADED_LLM,
                "message", "second"));
    Thread.sleep(7_000);
    CallToolResult third = call(client, "model_list", Map.of());
    CallToolResult fourth =
        call(client, "ask", Map.of("model", FakeModel.LOADED_LLM, "prompt", "fourth"));

    for (CallToolResult r : List.of(first, second, third, fourth)) {
      assertThat(r.isError()).as(text(r)).isNotEqualTo(Boolean.TRUE);
    }
    assertThat(sent(fake, "POST /api/v1/chat"))
        .extracting(r -> r.json().get("input"))
        .containsExactly("first", "fourth");
    assertThat(sent(fake, "POST /v1/chat/completions")).hasSize(1);
  }

  @Test
  void everyToolDescribesEveryFaultTruthfullyWithinItsDeadline() throws Exception {
    FaultyLmStudio faulty = new FaultyLmStudio();
    closeAfterTest(faulty);
    McpSyncClient client =
        connect(
            Map.of("LM_STUDIO_URL", faulty.url()),
            List.of(
                "--sessions", "sqlite:" + dir.resolve("faults.db"),
                "--request-timeout", "2s",
                // A chat send first reads the model's context length, a GET the client retries
                // (three attempts, 0.75 s of back-off) when LM Studio closes the connection: the
                // send's own
                // deadline must outlast those retries to report the closed connection itself.
                "--inference-timeout", "4s",
                "--load-timeout", "3s",
                "--idle-timeout", "1s"));
    open.add(client::close);
    Map<String, Map<String, Object>> tools =
        Map.of(
            "model_list", Map.of(),
            "model_load", Map.of("model", "some/model"),
            "ask", Map.of("model", "some/model", "prompt", "Hi"),
            "chat",
                Map.of(
                    "action", "send",
                    "session_id", "faults",
                    "model", "some/model",
                    "message", "Hi"),
            "embed", Map.of("model", "some/embedder", "input", "Hi"));

    List<String> wrong = new ArrayList<>();
    for (FaultyLmStudio.Fault fault : FaultyLmStudio.Fault.values()) {
      faulty.fault(fault);
      for (Map.Entry<String, Map<String, Object>> tool : tools.entrySet()) {
        CallToolResult result = call(client, tool.getKey(), tool.getValue());
        String text = text(result);
        if (!Boolean.TRUE.equals(result.isError()) || !truthful(fault, text)) {
          wrong.add(fault + " / " + tool.getKey() + ": " + text);
        }
      }
      assertThat(faulty.received()).as("requests that met " + fault).isNotEmpty();
    }
    assertThat(wrong).isEmpty();
    assertThat(client.ping()).isNotNull();
  }

  /** Whether a tool's error sentence says what really happened. */
  private static boolean truthful(FaultyLmStudio.Fault fault, String text) {
    if (text.contains("not running")) {
      return false;
    }
    switch (fault) {
      case CLOSED_BEFORE_ANSWER:
        return text.contains("closed the connection during the call")
            && text.contains("may have crashed or restarted");
      case CUT_MID_ANSWER:
        return text.contains("closed the connection");
      case NO_ANSWER:
        return (text.contains("sent nothing back")
                || text.contains("before any answer from LM Studio arrived"))
            && text.matches(".*\\(--[a-z-]+-timeout\\).*")
            && !text.contains("silent");
      case WEB_PAGE:
        return text.contains("is not LM Studio") && !text.contains("nginx");
      case TOKEN_REQUIRED:
      case ERROR_WITH_STATUS_200:
      case FORBIDDEN:
        return text.contains("LM_API_TOKEN");
      case SERVER_ERROR:
        return text.equals("LM Studio answered 500: boom");
      default:
        throw new IllegalArgumentException(fault.name());
    }
  }

  @Test
  void hostileIdsUrlsAndHeadersAreRefusedBeforeLmStudioSeesThem() throws Exception {
    fake = fake(FakeLmStudio.builder());
    McpSyncClient client = connect(fake);

    CallToolResult forgedId =
        call(
            client,
            "chat",
            Map.of(
                "action", "send",
                "session_id", "plan\n[main] INFO forged",
                "model", FakeModel.LOADED_LLM,
                "message", "Hi"));
    CallToolResult fileUrl =
        call(
            client,
            "ask",
            Map.of(
                "model",
                FakeModel.LOADED_LLM,
                "prompt",
                "Hi",
                "integrations",
                List.of(
                    Map.of(
                        "type", "ephemeral_mcp",
                        "server_label", "x",
                        "server_url", "file:///etc/passwd"))));
    CallToolResult injectedHeader =
        call(
            client,
            "ask",
            Map.of(
                "model",
                FakeModel.LOADED_LLM,
                "prompt",
                "Hi",
                "integrations",
                List.of(
                    Map.of(
                        "type", "ephemeral_mcp",
                        "server_label", "x",
                        "server_url", "https://mcp.example",
                        "headers", Map.of("X-Key", "v\r\nHost: evil")))));

    assertThat(text(forgedId)).contains("control characters");
    assertThat(text(fileUrl)).contains("serverUrl must be an http(s) URL");
    assertThat(text(injectedHeader)).contains("control character");
    for (CallToolResult r : List.of(forgedId, fileUrl, injectedHeader)) {
      assertThat(r.isError()).isTrue();
    }
    assertThat(fake.requests()).extracting(FakeRequest::line).doesNotContain("POST /api/v1/chat");
  }
}
