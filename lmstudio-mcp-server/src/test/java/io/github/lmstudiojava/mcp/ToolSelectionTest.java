package io.github.lmstudiojava.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lmstudiojava.sessions.NewSession;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolSelectionTest {
  private static final String VALID =
      "the tools are model_list, model_load, model_unload, model_download,"
          + " model_download_status, ask, chat, embed";

  private static final ToolSelection READ_ONLY = ToolSelection.parse(null, "--tools", true);

  @Test
  void withoutEitherFlagEveryToolAndEveryChatActionIsOffered() {
    ToolSelection all = ToolSelection.parse(null, "--tools", false);

    assertThat(all).isEqualTo(ToolSelection.ALL);
    assertThat(all.isAll()).isTrue();
    assertThat(all.tools())
        .containsExactlyElementsOf(
            ServerAssembly.tools().stream().map(t -> t.definition().name()).toList());
    assertThat(all.chatActions()).containsExactly("send", "reset", "history", "list", "delete");
    assertThat(all).hasToString("all");
  }

  @Test
  void readOnlyLeavesOutLoadUnloadDownloadAndTheChatActionsThatErase() {
    assertThat(READ_ONLY.tools())
        .containsExactly("model_list", "model_download_status", "ask", "chat", "embed");
    assertThat(READ_ONLY.chatActions()).containsExactly("send", "history", "list");
    assertThat(READ_ONLY.isAll()).isFalse();
    assertThat(READ_ONLY).hasToString("read-only model_list,model_download_status,ask,chat,embed");
  }

  @Test
  void toolsOffersTheNamedOnesInTheUsualOrderWhateverOrderTheyAreNamedIn() {
    ToolSelection some = ToolSelection.parse(" embed, model_list ,chat,embed", "--tools", false);

    assertThat(some.tools()).containsExactly("model_list", "chat", "embed");
    assertThat(some.offers("ask")).isFalse();
    assertThat(some.chatActions()).as("not read-only").contains("delete", "reset");
  }

  @Test
  void readOnlyRemovesTheChangingToolsFromWhatToolsLeaves() {
    ToolSelection both = ToolSelection.parse("model_list,model_load,chat", "--tools", true);

    assertThat(both.tools()).containsExactly("model_list", "chat");
    assertThat(both.chatActions()).containsExactly("send", "history", "list");
    assertThatThrownBy(() -> ToolSelection.parse("model_unload,model_load", "--tools", true))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "--tools: model_unload,model_load leaves no tool with --read-only, which leaves out"
                + " model_load, model_unload, model_download");
  }

  @Test
  void anUnknownOrEmptyNameIsRefusedNamingTheValidTools() {
    assertThatThrownBy(() -> ToolSelection.parse("model_list,model_delete", "--tools", false))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--tools: no tool \"model_delete\"; " + VALID);
    assertThatThrownBy(() -> ToolSelection.parse("ASK", "LMSTUDIO_MCP_TOOLS", false))
        .isInstanceOf(ConfigException.class)
        .hasMessage("LMSTUDIO_MCP_TOOLS: no tool \"ASK\"; " + VALID);
    assertThatThrownBy(() -> ToolSelection.parse("ask,", "--tools", false))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--tools: \"ask,\" has an empty name; " + VALID);
    assertThatThrownBy(() -> ToolSelection.parse(" ", "--tools", false))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--tools: name at least one tool; " + VALID);
    assertThatThrownBy(() -> ToolSelection.parse("chat,model\nlist", "--tools", false))
        .isInstanceOf(ConfigException.class)
        .hasMessageNotContaining("\n");
  }

  @Test
  void aSelectionCannotHoldAnUnknownToolNorAChangingOneWhenReadOnly() {
    assertThatThrownBy(() -> new ToolSelection(List.of("nope"), false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ToolSelection(List.of("model_load"), true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ToolSelection(List.of(), false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @SuppressWarnings("unchecked")
  void readOnlyChatListsNeitherResetNorDeleteAndIsNotMarkedDestructive() {
    McpSchema.Tool full = chat(ServerAssembly.tools());
    McpSchema.Tool readOnly = chat(ServerAssembly.tools(READ_ONLY));

    Map<String, Object> action =
        (Map<String, Object>)
            ((Map<String, Object>) readOnly.inputSchema().get("properties")).get("action");
    assertThat(action.get("enum")).isEqualTo(List.of("send", "history", "list"));
    assertThat(readOnly.description())
        .isEqualTo(
            "Stored multi-turn sessions: send (model needed for a new session), history,"
                + " list.")
        .doesNotContain("reset", "delete");
    assertThat(readOnly.annotations().destructiveHint()).isFalse();
    assertThat(full.description())
        .isEqualTo(
            "Stored multi-turn sessions: send (model needed for a new session), reset (clear"
                + " history), history, list, delete.");
    assertThat(full.annotations().destructiveHint()).isTrue();
    assertThat(full.inputSchema()).isNotEqualTo(readOnly.inputSchema());
  }

  private static McpSchema.Tool chat(List<McpTool> tools) {
    return tools.stream()
        .map(McpTool::definition)
        .filter(t -> t.name().equals("chat"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theInstructionsNameOnlyTheOfferedTools() {
    String all = ServerAssembly.instructions(ToolSelection.ALL);
    String readOnly = ServerAssembly.instructions(READ_ONLY);
    String some = ServerAssembly.instructions(ToolSelection.parse("embed", "--tools", false));

    assertThat(all)
        .isEqualTo(
            "Drives a local LM Studio: model_list/model_load/model_unload/model_download"
                + "/model_download_status manage models; ask is one turn (native chat,"
                + " reasoning, stats); chat keeps stored multi-turn sessions; embed returns"
                + " vectors.");
    assertThat(readOnly)
        .isEqualTo(
            "Drives a local LM Studio: model_list/model_download_status show models; ask is one"
                + " turn (native chat, reasoning, stats); chat keeps stored multi-turn sessions;"
                + " embed returns vectors.")
        .doesNotContain("model_load", "model_unload", "model_download/", "model_download ");
    assertThat(some).isEqualTo("Drives a local LM Studio: embed returns vectors.");
    assertThat(ServerAssembly.instructions(ToolSelection.parse("model_list,chat", "--tools", true)))
        .isEqualTo(
            "Drives a local LM Studio: model_list shows models; chat keeps stored multi-turn"
                + " sessions.");
  }

  @Test
  void promptsAreOfferedOnlyWithTheToolTheyHaveTheAgentCall() {
    assertThat(Prompts.definitions(READ_ONLY)).isEqualTo(Prompts.definitions());
    assertThat(Prompts.definitions(ToolSelection.parse("chat,model_list", "--tools", false)))
        .extracting(McpSchema.Prompt::name)
        .containsExactly("continue_session");
    assertThat(Prompts.definitions(ToolSelection.parse("ask", "--tools", false)))
        .extracting(McpSchema.Prompt::name)
        .containsExactly("second_opinion", "summarize_file");
  }

  @Test
  void aReadOnlyChatRefusesDeleteAndResetEvenWhenACallGetsPastTheSchema() {
    // ToolRunner runs the tool without the SDK's schema check in front of it.
    ServerConfig config =
        ServerConfig.parse(new String[] {"--sessions", "memory:", "--read-only"}, name -> null);
    try (Backend backend = new Backend(config);
        ToolRunner runner = new ToolRunner(backend, new CallRegistry())) {
      backend.store().create(NewSession.withId("kept"));
      McpTool chat = new ChatTool(config.tools().chatActions());

      CallToolResult delete = run(runner, chat, Map.of("action", "delete", "session_id", "kept"));
      CallToolResult reset = run(runner, chat, Map.of("action", "reset", "session_id", "kept"));

      assertThat(delete.isError()).isTrue();
      assertThat(((TextContent) delete.content().get(0)).text())
          .isEqualTo("action \"delete\" is not send, history or list: this server is read-only");
      assertThat(reset.isError()).isTrue();
      assertThat(((TextContent) reset.content().get(0)).text())
          .isEqualTo("action \"reset\" is not send, history or list: this server is read-only");
      assertThat(backend.store().find("kept")).isPresent();
    }
  }

  private static CallToolResult run(ToolRunner runner, McpTool tool, Map<String, Object> args) {
    return runner.run(
        tool,
        new ClientSession().exchange(false),
        McpSchema.CallToolRequest.builder("chat").arguments(args).build());
  }
}
