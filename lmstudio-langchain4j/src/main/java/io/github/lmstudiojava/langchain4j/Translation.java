package io.github.lmstudiojava.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.github.lmstudiojava.client.ChatResult;
import io.github.lmstudiojava.client.ChatStats;
import io.github.lmstudiojava.client.InputItem;
import io.github.lmstudiojava.client.Reasoning;
import io.github.lmstudiojava.client.openai.ChatCompletion;
import io.github.lmstudiojava.client.openai.ChatCompletionRequest;
import io.github.lmstudiojava.client.openai.ChatContentPart;
import io.github.lmstudiojava.client.openai.ChatResponseFormat;
import io.github.lmstudiojava.client.openai.ChatTool;
import io.github.lmstudiojava.client.openai.ChatToolCall;
import io.github.lmstudiojava.client.openai.ChatToolChoice;
import io.github.lmstudiojava.client.openai.CompletionUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Between LangChain4j's requests and answers and the client's two chat APIs.
 *
 * <p>A request goes to LM Studio's native chat ({@code POST /api/v1/chat}) when that API can carry
 * it whole: at most one system message, then one user message (text and images), no tools, no JSON
 * response format, no stop sequences and no frequency or presence penalty. Everything else (a
 * conversation's history, tool specifications and results, JSON schemas) goes to the
 * OpenAI-compatible chat ({@code POST /v1/chat/completions}), which LM Studio serves for the same
 * models; the native-only settings (context length) then do not apply.
 */
final class Translation {
  private Translation() {}

  /** The settings of a model object that LangChain4j's parameters do not carry. */
  record Settings(Integer contextLength, Reasoning reasoning) {}

  static boolean fitsNativeChat(ChatRequest request) {
    if (!request.toolSpecifications().isEmpty()
        || (request.responseFormat() != null
            && request.responseFormat().type() == ResponseFormatType.JSON)
        || !request.stopSequences().isEmpty()
        || request.frequencyPenalty() != null
        || request.presencePenalty() != null) {
      return false;
    }
    List<ChatMessage> messages = request.messages();
    int user = messages.size() - 1;
    if (user < 0 || user > 1 || !(messages.get(user) instanceof UserMessage)) {
      return false;
    }
    return user == 0 || messages.get(0) instanceof SystemMessage;
  }

  static io.github.lmstudiojava.client.ChatRequest nativeRequest(
      ChatRequest request, Settings settings) {
    List<ChatMessage> messages = request.messages();
    UserMessage user = (UserMessage) messages.get(messages.size() - 1);
    io.github.lmstudiojava.client.ChatRequest.Builder builder =
        io.github.lmstudiojava.client.ChatRequest.builder(model(request))
            // LangChain4j sends the whole conversation each time: LM Studio need not keep it.
            .store(false)
            .temperature(request.temperature())
            .topP(request.topP())
            .topK(request.topK())
            .maxOutputTokens(request.maxOutputTokens())
            .reasoning(settings.reasoning())
            .contextLength(settings.contextLength());
    if (messages.size() == 2) {
      builder.systemPrompt(((SystemMessage) messages.get(0)).text());
    }
    if (user.hasSingleText()) {
      builder.input(user.singleText());
    } else {
      List<InputItem> items = new ArrayList<>();
      for (Content content : user.contents()) {
        if (content instanceof TextContent) {
          items.add(InputItem.text(((TextContent) content).text()));
        } else if (content instanceof ImageContent) {
          items.add(InputItem.imageDataUrl(dataUrl(((ImageContent) content).image())));
        } else {
          throw unsupported(content);
        }
      }
      builder.input(items);
    }
    return builder.build();
  }

  static ChatCompletionRequest compatRequest(ChatRequest request, Settings settings) {
    ChatCompletionRequest.Builder builder =
        ChatCompletionRequest.builder(model(request))
            .temperature(request.temperature())
            .topP(request.topP())
            .topK(request.topK())
            .maxTokens(request.maxOutputTokens())
            .frequencyPenalty(request.frequencyPenalty())
            .presencePenalty(request.presencePenalty());
    if (!request.stopSequences().isEmpty()) {
      builder.stop(request.stopSequences());
    }
    if (settings.reasoning() != null) {
      builder.reasoningEffort(settings.reasoning().wireName());
    }
    List<io.github.lmstudiojava.client.openai.ChatMessage> messages = new ArrayList<>();
    for (ChatMessage message : request.messages()) {
      messages.add(compatMessage(message));
    }
    builder.messages(messages);
    List<ChatTool> tools = new ArrayList<>();
    for (ToolSpecification tool : request.toolSpecifications()) {
      Map<String, Object> parameters =
          tool.parameters() == null
              ? Map.of("type", "object", "properties", Map.of())
              : JsonSchemaElementUtils.toMap(tool.parameters());
      tools.add(ChatTool.function(tool.name(), tool.description(), parameters));
    }
    if (!tools.isEmpty()) {
      builder.tools(tools);
      builder.toolChoice(toolChoice(request.toolChoice()));
    }
    ResponseFormat format = request.responseFormat();
    if (format != null && format.type() == ResponseFormatType.JSON) {
      if (format.jsonSchema() == null) {
        throw new UnsupportedFeatureException(
            "LM Studio answers in JSON only to a JSON schema: give ResponseFormat a jsonSchema");
      }
      String name = format.jsonSchema().name() == null ? "answer" : format.jsonSchema().name();
      builder.responseFormat(
          ChatResponseFormat.jsonSchema(
              name, JsonSchemaElementUtils.toMap(format.jsonSchema().rootElement())));
    }
    return builder.build();
  }

  private static ChatToolChoice toolChoice(ToolChoice choice) {
    if (choice == null || choice == ToolChoice.AUTO) {
      return ChatToolChoice.AUTO;
    }
    return choice == ToolChoice.REQUIRED ? ChatToolChoice.REQUIRED : ChatToolChoice.NONE;
  }

  private static io.github.lmstudiojava.client.openai.ChatMessage compatMessage(
      ChatMessage message) {
    if (message instanceof SystemMessage) {
      return io.github.lmstudiojava.client.openai.ChatMessage.system(
          ((SystemMessage) message).text());
    }
    if (message instanceof UserMessage) {
      UserMessage user = (UserMessage) message;
      if (user.hasSingleText()) {
        return io.github.lmstudiojava.client.openai.ChatMessage.user(user.singleText());
      }
      List<ChatContentPart> parts = new ArrayList<>();
      for (Content content : user.contents()) {
        if (content instanceof TextContent) {
          parts.add(ChatContentPart.text(((TextContent) content).text()));
        } else if (content instanceof ImageContent) {
          parts.add(ChatContentPart.imageUrl(dataUrl(((ImageContent) content).image())));
        } else {
          throw unsupported(content);
        }
      }
      return io.github.lmstudiojava.client.openai.ChatMessage.user(parts);
    }
    if (message instanceof AiMessage) {
      AiMessage ai = (AiMessage) message;
      List<ChatToolCall> calls = new ArrayList<>();
      if (ai.hasToolExecutionRequests()) {
        for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
          calls.add(ChatToolCall.of(call.id(), call.name(), call.arguments()));
        }
      }
      return new io.github.lmstudiojava.client.openai.ChatMessage.AssistantMessage(
          ai.text() == null && calls.isEmpty() ? "" : ai.text(), calls);
    }
    if (message instanceof ToolExecutionResultMessage) {
      ToolExecutionResultMessage result = (ToolExecutionResultMessage) message;
      return io.github.lmstudiojava.client.openai.ChatMessage.tool(result.id(), result.text());
    }
    throw new UnsupportedFeatureException(
        "LM Studio's chat takes system, user, AI and tool result messages, not " + message.type());
  }

  static ChatResponse fromNative(ChatResult result) {
    AiMessage.Builder ai = AiMessage.builder().text(result.text());
    String reasoning = result.reasoning();
    if (reasoning != null && !reasoning.isEmpty()) {
      ai.thinking(reasoning);
    }
    ChatStats stats = result.stats();
    TokenUsage usage =
        stats == null ? null : new TokenUsage(stats.inputTokens(), stats.totalOutputTokens());
    return ChatResponse.builder()
        .aiMessage(ai.build())
        .metadata(
            LmStudioChatResponseMetadata.builder()
                .id(result.responseId())
                .modelName(result.modelInstanceId())
                .tokenUsage(usage)
                .finishReason(FinishReason.STOP)
                .route(LmStudioChatResponseMetadata.Route.NATIVE)
                .stats(stats)
                .build())
        .build();
  }

  static ChatResponse fromCompat(ChatCompletion completion) {
    AiMessage.Builder ai = AiMessage.builder();
    String text = completion.text();
    if (text != null && !text.isEmpty()) {
      ai.text(text);
    }
    String reasoning = completion.reasoning();
    if (reasoning != null && !reasoning.isEmpty()) {
      ai.thinking(reasoning);
    }
    List<ToolExecutionRequest> calls = new ArrayList<>();
    for (ChatToolCall call : completion.toolCalls()) {
      calls.add(
          ToolExecutionRequest.builder()
              .id(call.id())
              .name(call.name())
              .arguments(call.arguments())
              .build());
    }
    if (!calls.isEmpty()) {
      ai.toolExecutionRequests(calls);
    }
    CompletionUsage usage = completion.usage();
    return ChatResponse.builder()
        .aiMessage(ai.build())
        .metadata(
            LmStudioChatResponseMetadata.builder()
                .id(completion.id())
                .modelName(completion.model())
                .tokenUsage(
                    usage == null
                        ? null
                        : new TokenUsage(
                            usage.promptTokens(), usage.completionTokens(), usage.totalTokens()))
                .finishReason(finishReason(completion.finishReason(), !calls.isEmpty()))
                .route(LmStudioChatResponseMetadata.Route.OPENAI_COMPATIBLE)
                .build())
        .build();
  }

  static FinishReason finishReason(String reason, boolean toolCalls) {
    if (reason == null) {
      return toolCalls ? FinishReason.TOOL_EXECUTION : null;
    }
    switch (reason) {
      case "stop":
        return toolCalls ? FinishReason.TOOL_EXECUTION : FinishReason.STOP;
      case "length":
        return FinishReason.LENGTH;
      case "tool_calls":
      case "function_call":
        return FinishReason.TOOL_EXECUTION;
      case "content_filter":
        return FinishReason.CONTENT_FILTER;
      default:
        return FinishReason.OTHER;
    }
  }

  private static String model(ChatRequest request) {
    String model = request.modelName();
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException(
          "no model: set modelName on the model's builder or in the request's parameters");
    }
    return model;
  }

  private static String dataUrl(Image image) {
    if (image.base64Data() != null) {
      String type = image.mimeType() != null ? image.mimeType() : "image/png";
      return "data:" + type + ";base64," + image.base64Data();
    }
    if (image.url() != null && "data".equals(image.url().getScheme())) {
      return image.url().toString();
    }
    throw new UnsupportedFeatureException(
        "LM Studio reads images from their bytes, not from a URL: give ImageContent base64 data"
            + " and its MIME type (Image.builder().base64Data(...).mimeType(...)) instead of "
            + image.url());
  }

  private static UnsupportedFeatureException unsupported(Content content) {
    return new UnsupportedFeatureException(
        "LM Studio's chat takes text and images, not " + content.type() + " content");
  }
}
