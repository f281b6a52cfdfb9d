package io.github.lmstudiojava.client;

import static io.github.lmstudiojava.client.ChatTestSupport.fixture;
import static io.github.lmstudiojava.client.ChatTestSupport.parseJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatResultParsingTest {

  private static ChatResult parse(String json) {
    return NativeJson.chatResult(json, "POST /api/v1/chat");
  }

  @Test
  void mcpResponseFromDocsParsesEveryField() {
    ChatResult r = parse(fixture("chat/response-mcp-docs.json"));

    assertThat(r.modelInstanceId()).isEqualTo("ibm/granite-4-micro");
    assertThat(r.responseId()).isEqualTo("resp_4ef013eba0def1ed23f19dde72b67974c579113f544086de");
    assertThat(r.output())
        .extracting(OutputItem::type)
        .containsExactly("tool_call", "message", "tool_call", "message");

    OutputItem.ToolCall search = (OutputItem.ToolCall) r.output().get(0);
    assertThat(search.tool()).isEqualTo("model_search");
    assertThat(search.arguments())
        .containsExactly(
            Map.entry("sort", "trendingScore"), Map.entry("query", ""), Map.entry("limit", 1L));
    assertThat(search.output()).isEqualTo("...");
    assertThat(search.providerInfo())
        .isEqualTo(new ProviderInfo("ephemeral_mcp", null, "huggingface"));
    assertThat(search.providerInfo().name()).isEqualTo("huggingface");

    OutputItem.ToolCall navigate = (OutputItem.ToolCall) r.output().get(2);
    assertThat(navigate.tool()).isEqualTo("browser_navigate");
    assertThat(navigate.arguments()).containsExactly(Map.entry("url", "https://lmstudio.ai"));
    assertThat(navigate.providerInfo())
        .isEqualTo(new ProviderInfo("plugin", "mcp/playwright", null));
    assertThat(navigate.providerInfo().name()).isEqualTo("mcp/playwright");

    assertThat(r.output().get(1)).isEqualTo(new OutputItem.Message("..."));
    // The docs' text holds narrow no-break spaces (U+202F) and a typographic apostrophe.
    assertThat(r.text())
        .isEqualTo(
            "...**Top Trending Model on Hugging\u202fFace** ... Below is a quick snapshot of"
                + " what\u2019s on the landing page ... more details on the model or LM\u202fStudio"
                + " itself!");
    assertThat(r.reasoning()).isEmpty();
    assertThat(r.toolCalls()).containsExactly(search, navigate);
    assertThat(r.invalidToolCalls()).isEmpty();

    assertThat(r.stats()).isEqualTo(new ChatStats(646, 586, 0, 29.753900615398926, 1.088, 2.656));
  }

  @Test
  void imageResponseFromDocsHasNoModelLoadTime() {
    ChatResult r = parse(fixture("chat/response-images-docs.json"));

    assertThat(r.modelInstanceId()).isEqualTo("qwen/qwen3-vl-4b");
    assertThat(r.output()).hasSize(1);
    assertThat(r.text())
        .isEqualTo(
            "This image is a solid, vibrant red square that fills the entire frame, with no"
                + " discernible texture, pattern, or other elements. It presents a minimalist,"
                + " uniform visual field of pure red, evoking a sense of boldness or urgency.");
    assertThat(r.stats()).isEqualTo(new ChatStats(17, 50, 0, 51.03762685242662, 0.814, null));
    assertThat(r.responseId()).isEqualTo("resp_0182bd7c479d7451f9a35471f9c26b34de87a7255856b9a4");
    assertThat(r.toolCalls()).isEmpty();
  }

  @Test
  void statefulResponseFromDocsHasNoStats() {
    ChatResult r = parse(fixture("chat/stateful-response-docs.json"));

    assertThat(r.modelInstanceId()).isEqualTo("ibm/granite-4-micro");
    assertThat(r.text()).isEqualTo("That's great! Blue is a beautiful color...");
    assertThat(r.responseId()).isEqualTo("resp_abc123xyz...");
    assertThat(r.stats()).isNull();
  }

  @Test
  void ephemeralMcpResponseFromDocsKeepsReasoningAndMessagesInOrder() {
    ChatResult r = parse(fixture("chat/mcp-ephemeral-response-docs.json"));

    assertThat(r.output())
        .containsExactly(
            new OutputItem.Reasoning("..."),
            new OutputItem.Message("..."),
            new OutputItem.ToolCall(
                "model_search",
                Map.of("sort", "trendingScore", "limit", 1L),
                "...",
                new ProviderInfo("ephemeral_mcp", null, "huggingface")),
            new OutputItem.Reasoning("\n"),
            new OutputItem.Message("The top trending model is ..."));
    assertThat(r.reasoning()).isEqualTo("...\n");
    assertThat(r.text()).isEqualTo("...The top trending model is ...");
    assertThat(r.stats()).isEqualTo(new ChatStats(419, 362, 195, 27.620159487314744, 1.437, null));
    assertThat(r.responseId()).isEqualTo("resp_7c1a08e3d6e279efcfecb02df9de7cbd316e93422d0bb5cb");
  }

  @Test
  void pluginResponseFromDocsNamesThePlugin() {
    ChatResult r = parse(fixture("chat/mcp-plugin-response-docs.json"));

    assertThat(r.toolCalls())
        .containsExactly(
            new OutputItem.ToolCall(
                "browser_navigate",
                Map.of("url", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
                "...",
                new ProviderInfo("plugin", "mcp/playwright", null)));
    assertThat(r.reasoning()).isEqualTo("......");
    assertThat(r.text()).isEqualTo("...The YouTube video page for ...");
    assertThat(r.stats()).isEqualTo(new ChatStats(2614, 594, 389, 26.293245822877495, 0.154, null));
    assertThat(r.responseId()).isEqualTo("resp_cdac6a9b5e2a40027112e441ce6189db18c9040f96736407");
  }

  @Test
  void invalidToolCallsKeepTheirMetadata() {
    ChatResult r =
        parse(
            """
            {"model_instance_id": "m", "output": [
              {"type": "invalid_tool_call", "reason": "Cannot find tool with name open_browser.",
               "metadata": {"type": "invalid_name", "tool_name": "open_browser"}},
              {"type": "invalid_tool_call", "reason": "Invalid arguments.",
               "metadata": {"type": "invalid_arguments", "tool_name": "model_search",
                 "arguments": {"limit": "many", "depth": 2},
                 "provider_info": {"type": "ephemeral_mcp", "server_label": "huggingface"}}}
            ]}
            """);

    assertThat(r.invalidToolCalls()).hasSize(2);
    OutputItem.InvalidToolCall byName = r.invalidToolCalls().get(0);
    assertThat(byName.reason()).isEqualTo("Cannot find tool with name open_browser.");
    assertThat(byName.metadata())
        .isEqualTo(new InvalidToolCallMetadata("invalid_name", "open_browser", Map.of(), null));
    OutputItem.InvalidToolCall byArguments = r.invalidToolCalls().get(1);
    assertThat(byArguments.metadata().type()).isEqualTo("invalid_arguments");
    assertThat(byArguments.metadata().toolName()).isEqualTo("model_search");
    assertThat(byArguments.metadata().arguments())
        .containsExactly(Map.entry("limit", "many"), Map.entry("depth", 2L));
    assertThat(byArguments.metadata().providerInfo())
        .isEqualTo(new ProviderInfo("ephemeral_mcp", null, "huggingface"));
    assertThat(r.toolCalls()).isEmpty();
    assertThat(r.text()).isEmpty();
    assertThat(r.stats()).isNull();
    assertThat(r.responseId()).isNull();
  }

  @Test
  void unknownOutputItemTypeIsKeptAsRawJsonWithIntegersIntact() {
    ChatResult r =
        parse(
            """
            {"model_instance_id": "m", "output": [
              {"type": "message", "content": "before"},
              {"type": "citation", "url": "https://lmstudio.ai", "count": 3, "score": 0.5,
               "tags": ["a", 1], "nested": {"big": 12345678901}},
              {"type": "message", "content": " after"}
            ]}
            """);

    assertThat(r.output()).hasSize(3);
    assertThat(r.output().get(1)).isInstanceOf(OutputItem.Unknown.class);
    OutputItem.Unknown unknown = (OutputItem.Unknown) r.output().get(1);
    assertThat(unknown.type()).isEqualTo("citation");
    assertThat(unknown.json())
        .contains("\"count\":3,")
        .contains("\"big\":12345678901")
        .contains("[\"a\",1]")
        .doesNotContain("3.0");
    assertThat(parseJson(unknown.json()))
        .isEqualTo(
            parseJson(
                """
                {"type": "citation", "url": "https://lmstudio.ai", "count": 3, "score": 0.5,
                 "tags": ["a", 1], "nested": {"big": 12345678901}}
                """));
    assertThat(r.text()).isEqualTo("before after");
  }

  @Test
  void outputItemWithoutTypeIsUnknownWithNullType() {
    ChatResult r = parse("{\"output\": [{\"content\": \"x\"}]}");

    assertThat(r.output()).containsExactly(new OutputItem.Unknown(null, "{\"content\":\"x\"}"));
  }

  @Test
  void unknownFieldsAreIgnoredAtEveryLevel() {
    ChatResult r =
        parse(
            """
            {"model_instance_id": "m", "future_top": {"a": [1, 2]},
             "output": [
               {"type": "message", "content": "hi", "annotations": []},
               {"type": "tool_call", "tool": "t", "arguments": {}, "output": "o", "duration_ms": 12,
                "provider_info": {"type": "plugin", "plugin_id": "p", "version": "1.2"}}
             ],
             "stats": {"input_tokens": 1, "total_output_tokens": 2, "cache_hits": 7},
             "response_id": "resp_x"}
            """);

    assertThat(r.output())
        .containsExactly(
            new OutputItem.Message("hi"),
            new OutputItem.ToolCall("t", Map.of(), "o", new ProviderInfo("plugin", "p", null)));
    assertThat(r.stats()).isEqualTo(new ChatStats(1, 2, null, null, null, null));
    assertThat(r.responseId()).isEqualTo("resp_x");
  }

  @Test
  void missingOutputBecomesEmptyList() {
    ChatResult r = parse("{\"model_instance_id\": \"m\"}");

    assertThat(r.output()).isEqualTo(List.of());
    assertThat(r.text()).isEmpty();
    assertThat(r.reasoning()).isEmpty();
  }

  @Test
  void malformedJsonIsAProtocolError() {
    assertThatThrownBy(() -> parse("{\"output\": [}"))
        .isInstanceOf(LmStudioProtocolException.class)
        .hasMessageContaining("POST /api/v1/chat");
    assertThatThrownBy(() -> parse("null"))
        .isInstanceOf(LmStudioProtocolException.class)
        .hasMessageContaining("POST /api/v1/chat");
    assertThatThrownBy(() -> parse("{\"output\": [\"message\"]}"))
        .isInstanceOf(LmStudioProtocolException.class);
  }
}
