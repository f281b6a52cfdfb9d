package io.github.lmstudiojava.client;

import static io.github.lmstudiojava.client.ChatTestSupport.bodyOf;
import static io.github.lmstudiojava.client.ChatTestSupport.fixture;
import static io.github.lmstudiojava.client.ChatTestSupport.json;
import static io.github.lmstudiojava.client.ChatTestSupport.parseJson;
import static io.github.lmstudiojava.client.ChatTestSupport.sse;
import static io.github.lmstudiojava.client.ChatTestSupport.takeChatRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatRequestJsonTest {
  /** The docs' red square, a real 10x10 PNG. */
  private static final String RED_SQUARE_DATA_URL =
      "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAoAAAAKCAYAAACNMs+9AAAAFUlEQVR42mP8z8BQz0AEYBx"
          + "VSF+FABJADveWkH6oAAAAAElFTkSuQmCC";

  @StartStop final MockWebServer server = new MockWebServer();

  private LmStudio lms;
  private String lastBody;

  @AfterEach
  void closeClient() {
    if (lms != null) {
      lms.close();
    }
  }

  /** Sends the request with chat() and returns the JSON body LM Studio received. */
  private Map<String, Object> sent(ChatRequest request) throws InterruptedException {
    server.enqueue(json(fixture("chat/stateful-response-docs.json")));
    lms = lms != null ? lms : ChatTestSupport.client(server);
    lms.chat(request);
    RecordedRequest recorded = takeChatRequest(server, false);
    lastBody = recorded.getBody().utf8();
    return bodyOf(recorded);
  }

  @Test
  void mcpRequestFromDocsIsSentAsDocumented() throws InterruptedException {
    server.enqueue(json(fixture("chat/response-mcp-docs.json")));
    lms = ChatTestSupport.client(server);

    ChatResult result =
        lms.chat(
            ChatRequest.builder("ibm/granite-4-micro")
                .input(
                    "Tell me the top trending model on hugging face and navigate to"
                        + " https://lmstudio.ai")
                .integrations(
                    Integration.ephemeralMcp("huggingface", "https://huggingface.co/mcp")
                        .allowedTools("model_search"),
                    Integration.plugin("mcp/playwright").allowedTools("browser_navigate"))
                .contextLength(8000)
                .temperature(0.0)
                .build());

    RecordedRequest request = takeChatRequest(server, false);
    assertThat(parseJson(request.getBody().utf8()))
        .isEqualTo(parseJson(fixture("chat/request-mcp-docs.json")));
    assertThat(result.toolCalls())
        .extracting(OutputItem.ToolCall::tool)
        .containsExactly("model_search", "browser_navigate");
  }

  @Test
  void imageRequestFromDocsIsSentAsDocumented() throws InterruptedException {
    server.enqueue(json(fixture("chat/response-images-docs.json")));
    lms = ChatTestSupport.client(server);

    ChatResult result =
        lms.chat(
            ChatRequest.builder("qwen/qwen3-vl-4b")
                .input(
                    InputItem.text("Describe this image in two sentences"),
                    InputItem.imageDataUrl(RED_SQUARE_DATA_URL))
                .contextLength(2048)
                .temperature(0.0)
                .build());

    // The docs' example sends the text item as "type": "text" (its field table says "message").
    assertThat(parseJson(takeChatRequest(server, false).getBody().utf8()))
        .isEqualTo(parseJson(fixture("chat/request-images-docs.json")));
    assertThat(result.text()).startsWith("This image is a solid, vibrant red square");
  }

  @Test
  void statefulRequestsFromDocsAreSentAsDocumented() throws InterruptedException {
    assertThat(sent(ChatRequest.of("ibm/granite-4-micro", "My favorite color is blue.")))
        .isEqualTo(parseJson(fixture("chat/stateful-start-request-docs.json")));
    assertThat(
            sent(
                ChatRequest.builder("ibm/granite-4-micro")
                    .input("What color did I just mention?")
                    .previousResponseId("resp_abc123xyz...")
                    .build()))
        .isEqualTo(parseJson(fixture("chat/stateful-continue-request-docs.json")));
    assertThat(
            sent(
                ChatRequest.builder("ibm/granite-4-micro")
                    .input("Tell me a joke.")
                    .store(false)
                    .build()))
        .isEqualTo(parseJson(fixture("chat/stateless-request-docs.json")));
  }

  @Test
  void mcpGuideRequestsFromDocsAreSentAsDocumented() throws InterruptedException {
    assertThat(
            sent(
                ChatRequest.builder("ibm/granite-4-micro")
                    .input("What is the top trending model on hugging face?")
                    .integrations(
                        Integration.ephemeralMcp("huggingface", "https://huggingface.co/mcp")
                            .allowedTools("model_search"))
                    .contextLength(8000)
                    .build()))
        .isEqualTo(parseJson(fixture("chat/mcp-ephemeral-request-docs.json")));
    assertThat(
            sent(
                ChatRequest.builder("ibm/granite-4-micro")
                    .input("Open lmstudio.ai")
                    .integrations(Integration.plugin("mcp/playwright"))
                    .contextLength(8000)
                    .temperature(0.0)
                    .build()))
        .isEqualTo(parseJson(fixture("chat/mcp-plugin-request-docs.json")));
    assertThat(
            sent(
                ChatRequest.builder("ibm/granite-4-micro")
                    .input("Give me details about my SUPER-SECRET-PRIVATE Hugging face model")
                    .integrations(
                        Integration.ephemeralMcp("huggingface", "https://huggingface.co/mcp")
                            .allowedTools("model_search")
                            .header("Authorization", "Bearer <YOUR_HF_TOKEN>"))
                    .contextLength(8000)
                    .build()))
        .isEqualTo(parseJson(fixture("chat/mcp-headers-request-docs.json")));
  }

  @Test
  void everyOptionIsSentUnderItsSnakeCaseName() throws InterruptedException {
    Map<String, Object> body =
        sent(
            ChatRequest.builder("qwen/qwen3-4b")
                .input("Hi")
                .systemPrompt("Be brief.")
                .temperature(0.7)
                .topP(0.9)
                .topK(40)
                .minP(0.05)
                .repeatPenalty(1.1)
                .maxOutputTokens(256)
                .reasoning(Reasoning.HIGH)
                .contextLength(4096)
                .store(true)
                .previousResponseId("resp_123")
                .build());

    assertThat(body)
        .isEqualTo(
            parseJson(
                """
                {"model": "qwen/qwen3-4b", "input": "Hi", "system_prompt": "Be brief.",
                 "temperature": 0.7, "top_p": 0.9, "top_k": 40, "min_p": 0.05,
                 "repeat_penalty": 1.1, "max_output_tokens": 256, "reasoning": "high",
                 "context_length": 4096, "store": true, "previous_response_id": "resp_123"}
                """));
  }

  @Test
  void absentOptionsAreLeftOut() throws InterruptedException {
    assertThat(sent(ChatRequest.of("qwen/qwen3-4b", "Hi")))
        .containsOnlyKeys("model", "input")
        .containsEntry("input", "Hi");
  }

  @Test
  void clientOnlyTimeoutsNeverReachTheWire() throws InterruptedException {
    assertThat(
            sent(
                ChatRequest.builder("qwen/qwen3-4b")
                    .input("Hi")
                    .timeouts(Timeouts.defaults())
                    .build()))
        .containsOnlyKeys("model", "input");
  }

  @ParameterizedTest
  @CsvSource({"off", "low", "medium", "high", "xhigh", "on", "ultra"})
  void reasoningIsSentByItsWireNameWhateverTheValue(String wireName) throws InterruptedException {
    assertThat(sent(ChatRequest.builder("m").input("Hi").reasoning(Reasoning.of(wireName)).build()))
        .containsEntry("reasoning", wireName);
  }

  @Test
  void reasoningConstantsCarryLmStudiosValuesAndEqualTheParsedOnes() {
    assertThat(
            List.of(
                Reasoning.OFF,
                Reasoning.LOW,
                Reasoning.MEDIUM,
                Reasoning.HIGH,
                Reasoning.XHIGH,
                Reasoning.ON))
        .extracting(Reasoning::wireName)
        .containsExactly("off", "low", "medium", "high", "xhigh", "on");
    assertThat(Reasoning.of("xhigh")).isEqualTo(Reasoning.XHIGH).hasToString("xhigh");
    assertThatThrownBy(() -> Reasoning.of(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reasoning setting is blank");
    assertThatThrownBy(() -> Reasoning.of(null)).hasMessage("wireName == null");
  }

  @Test
  void storeFalseIsSentAndNotDropped() throws InterruptedException {
    assertThat(sent(ChatRequest.builder("m").input("Hi").store(false).build()))
        .containsEntry("store", false);
  }

  @Test
  void streamChatAddsStreamTrueAndAsksForEvents() throws InterruptedException {
    server.enqueue(sse(ChatTestSupport.chatStart() + ChatTestSupport.chatEnd("ok")));
    lms = ChatTestSupport.client(server);

    try (ChatStream stream =
        lms.streamChat(ChatRequest.builder("m").input("Hi").temperature(0.5).build())) {
      assertThat(stream.text()).isEqualTo("ok");
    }

    RecordedRequest request = takeChatRequest(server, true);
    assertThat(bodyOf(request))
        .isEqualTo(
            parseJson(
                "{\"model\": \"m\", \"input\": \"Hi\", \"stream\": true, \"temperature\": 0.5}"));
  }

  @Test
  void pushStreamAlsoSendsStreamTrue() throws InterruptedException {
    server.enqueue(sse(ChatTestSupport.chatStart() + ChatTestSupport.chatEnd("ok")));
    lms = ChatTestSupport.client(server);

    ChatResult result = lms.streamChat(ChatRequest.of("m", "Hi"), event -> {}).join();

    assertThat(result.text()).isEqualTo("ok");
    assertThat(bodyOf(takeChatRequest(server, true)))
        .isEqualTo(parseJson("{\"model\": \"m\", \"input\": \"Hi\", \"stream\": true}"));
  }

  @Test
  void requestsWithoutTokenCarryNoAuthorization() throws InterruptedException {
    server.enqueue(json(fixture("chat/stateful-response-docs.json")));
    lms = LmStudio.builder().baseUrl(server.url("/").toString()).build();

    lms.chat("m", "Hi");

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/v1/chat");
    assertThat(request.getHeaders().get("Authorization")).isNull();
    assertThat(bodyOf(request)).isEqualTo(parseJson("{\"model\": \"m\", \"input\": \"Hi\"}"));
  }

  @Test
  void pluginWithoutAllowedToolsIsSentAsItsPlainId() throws InterruptedException {
    Map<String, Object> body =
        sent(
            ChatRequest.builder("m")
                .input("Hi")
                .integrations(
                    Integration.plugin("mcp/playwright"),
                    Integration.plugin("mcp/fs").allowedTools("read", "list"))
                .build());

    assertThat(body.get("integrations"))
        .isEqualTo(
            List.of(
                "mcp/playwright",
                Map.of(
                    "type", "plugin", "id", "mcp/fs", "allowed_tools", List.of("read", "list"))));
  }

  @Test
  void ephemeralMcpWithoutOptionsSendsOnlyLabelAndUrl() throws InterruptedException {
    Map<String, Object> body =
        sent(
            ChatRequest.builder("m")
                .input("Hi")
                .integrations(Integration.ephemeralMcp("hf", "https://huggingface.co/mcp"))
                .build());

    assertThat(body.get("integrations"))
        .isEqualTo(
            List.of(
                Map.of(
                    "type",
                    "ephemeral_mcp",
                    "server_label",
                    "hf",
                    "server_url",
                    "https://huggingface.co/mcp")));
  }

  @Test
  void ephemeralMcpHeadersAreSentInOrder() throws InterruptedException {
    Map<String, Object> body =
        sent(
            ChatRequest.builder("m")
                .input("Hi")
                .integrations(
                    Integration.ephemeralMcp("hf", "https://huggingface.co/mcp")
                        .header("Authorization", "Bearer hf_secret")
                        .header("X-Team", "blue"))
                .build());

    @SuppressWarnings("unchecked")
    Map<String, Object> mcp = (Map<String, Object>) ((List<?>) body.get("integrations")).get(0);
    assertThat(mcp.get("headers"))
        .isEqualTo(Map.of("Authorization", "Bearer hf_secret", "X-Team", "blue"));
    assertThat(lastBody).contains("{\"Authorization\":\"Bearer hf_secret\",\"X-Team\":\"blue\"}");
  }

  @Test
  void ephemeralMcpToStringHidesHeaderValues() {
    Integration.EphemeralMcp mcp =
        Integration.ephemeralMcp("hf", "https://huggingface.co/mcp")
            .allowedTools("model_search")
            .header("Authorization", "Bearer hf_secret");

    assertThat(mcp.toString())
        .contains("hf", "https://huggingface.co/mcp", "model_search", "Authorization")
        .doesNotContain("hf_secret");
    assertThat(mcp.headers()).containsEntry("Authorization", "Bearer hf_secret");
  }

  @Test
  void imageFileBecomesAPngDataUrl(@TempDir Path dir) throws IOException, InterruptedException {
    Path png = dir.resolve("red.png");
    Files.write(png, redSquarePng());

    InputItem.Image image = InputItem.image(png);

    assertThat(image.dataUrl()).isEqualTo(RED_SQUARE_DATA_URL);
    assertThat(image.toString())
        .isEqualTo("Image[image/png, " + RED_SQUARE_DATA_URL.length() + " chars]");
    Map<String, Object> body =
        sent(ChatRequest.builder("m").input(InputItem.text("What?"), image).build());
    assertThat(body.get("input"))
        .isEqualTo(
            List.of(
                Map.of("type", "text", "content", "What?"),
                Map.of("type", "image", "data_url", RED_SQUARE_DATA_URL)));
  }

  @Test
  void imageBytesAreRecognisedByACompleteHeader() {
    assertThat(InputItem.image(redSquarePng()).dataUrl()).isEqualTo(RED_SQUARE_DATA_URL);
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10};
    assertThat(InputItem.image(jpeg).dataUrl())
        .isEqualTo("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg));
    assertThat(InputItem.image(TestImages.gif()).dataUrl()).startsWith("data:image/gif;base64,");
    assertThat(InputItem.image(TestImages.webpLossy()).dataUrl())
        .isEqualTo("data:image/webp;base64," + TestImages.WEBP_LOSSY);
    assertThat(InputItem.image(TestImages.bmp()).dataUrl()).startsWith("data:image/bmp;base64,");
    assertThat(InputItem.image(new byte[] {1, 2, 3}, "image/avif").dataUrl())
        .isEqualTo("data:image/avif;base64,AQID");
    assertThat(InputItem.imageDataUrl("data:image/webp;base64," + TestImages.WEBP_LOSSLESS))
        .isEqualTo(InputItem.image(TestImages.webpLossless()));
  }

  @Test
  void nonImagesAreRefused(@TempDir Path dir) throws IOException {
    Path text = dir.resolve("notes.png");
    Files.writeString(text, "just text");
    Path bm = dir.resolve("secrets.bmp");
    Files.writeString(bm, "BM notes: password=hunter2");

    assertThatThrownBy(() -> InputItem.image(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("notes.png");
    assertThatThrownBy(() -> InputItem.image(bm))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secrets.bmp is not a PNG, JPEG, GIF, WebP or BMP image")
        .hasMessageContaining("BMP header says");
    assertThatThrownBy(() -> InputItem.image(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a regular file");
    assertThatThrownBy(() -> InputItem.image("RIFF....AVI ".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InputItem.image(new byte[] {'B', 'M', 1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a PNG, JPEG, GIF, WebP or BMP image: its BMP header");
    assertThatThrownBy(() -> InputItem.image(new byte[] {1}, "text/plain"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("text/plain");
    assertThatThrownBy(() -> InputItem.imageDataUrl("https://example.com/cat.png"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InputItem.imageDataUrl("data:text/plain;base64,aGk="))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InputItem.imageDataUrl("data:image/png;base64,aGk="))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("says image/png but is not that image");
    assertThatThrownBy(() -> InputItem.image(dir.resolve("missing.png")))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining("missing.png");
  }

  @Test
  void previousResponseIdMustStartWithResp() {
    assertThatThrownBy(
            () -> ChatRequest.builder("m").input("Hi").previousResponseId("abc123").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("resp_")
        .hasMessageContaining("abc123");
  }

  @Test
  void builderRefusesMissingOrOutOfRangeValues() {
    assertThatThrownBy(() -> ChatRequest.builder("m").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("input is empty");
    assertThatThrownBy(() -> ChatRequest.of(" ", "Hi"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChatRequest.builder("m").input("Hi").topP(1.5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("topP");
    assertThatThrownBy(() -> ChatRequest.builder("m").input("Hi").temperature(-1.0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChatRequest.builder("m").input("Hi").maxOutputTokens(0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Integration.ephemeralMcp("hf", "ftp://huggingface.co/mcp"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toBuilderKeepsEveryValue() {
    ChatRequest request =
        ChatRequest.builder("m")
            .input(InputItem.text("a"), InputItem.imageDataUrl(RED_SQUARE_DATA_URL))
            .systemPrompt("s")
            .integrations(Integration.plugin("p"))
            .temperature(0.1)
            .topP(0.2)
            .topK(3)
            .minP(0.4)
            .repeatPenalty(1.5)
            .maxOutputTokens(6)
            .reasoning(Reasoning.LOW)
            .contextLength(7)
            .store(false)
            .previousResponseId("resp_8")
            .timeouts(Timeouts.defaults())
            .build();

    assertThat(request.toBuilder().build()).isEqualTo(request);
  }

  private static byte[] redSquarePng() {
    return Base64.getDecoder()
        .decode(RED_SQUARE_DATA_URL.substring("data:image/png;base64,".length()));
  }
}
