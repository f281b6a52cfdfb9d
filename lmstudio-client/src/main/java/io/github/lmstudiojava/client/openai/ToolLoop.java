package io.github.lmstudiojava.client.openai;

import io.github.lmstudiojava.client.EventStream;
import io.github.lmstudiojava.client.StreamListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs the tools a model asks for, client-side, over chat completions: sends the conversation with
 * the tools; when the reply calls tools, runs every call of it, appends the assistant message with
 * its calls and one tool message per call (same order, matching {@code tool_call_id}), and asks
 * again, until the model answers without calling a tool.
 *
 * <pre>{@code
 * ToolLoop loop = lms.openai().toolLoop("qwen/qwen3-4b")
 *     .tools(forecast, time)
 *     .system("Answer briefly.")
 *     .onToolCall(inv -> System.err.println(inv.name() + " -> " + inv.content()))
 *     .build();
 * ToolLoopResult r = loop.run("Will it rain in Paris tomorrow?");
 * r.text();
 * loop.run(r.followUp("And in Rome?"));            // continue the conversation
 * loop.stream("Same for Oslo", chunk -> System.out.print(chunk.text()));
 * }</pre>
 *
 * <p>A call to an unknown tool, arguments that are not JSON or do not fit the tool's schema, a
 * handler that throws, and a result with no JSON form are answered to the model as {@code {"error":
 * "..."}}, so it can correct itself; the loop goes on and the callback sees an error. A round is
 * one request to the model; when the reply of the last allowed round (see {@link
 * Builder#maxRounds}) still calls tools, those calls are run and answered, then a {@link
 * ToolLoopException} carrying the conversation is thrown. Failures of the requests themselves (HTTP
 * errors, timeouts, broken streams) are thrown as they are.
 *
 * <p>A loop is immutable and may run several conversations at once; its handlers and callback must
 * then be thread-safe.
 */
public final class ToolLoop {
  private final OpenAi openai;
  private final String model;
  private final List<FunctionTool> tools;
  private final List<ChatTool> chatTools;
  private final String system;
  private final ChatCompletionRequest template;
  private final int maxRounds;
  private final ToolRunner runner;
  private final Consumer<? super ToolInvocation> onToolCall;

  private ToolLoop(Builder b) {
    this.openai = b.openai;
    this.model = b.model;
    this.tools = List.copyOf(b.tools);
    this.system = b.system;
    this.template = b.template;
    this.maxRounds = b.maxRounds;
    this.onToolCall = b.onToolCall;
    this.runner = new ToolRunner(tools, b.executor);
    List<ChatTool> list = new ArrayList<>(tools.size());
    for (FunctionTool tool : tools) {
      list.add(tool.chatTool());
    }
    this.chatTools = List.copyOf(list);
  }

  static Builder builder(OpenAi openai, String model) {
    return new Builder(openai, model);
  }

  /**
   * Runs the loop for one user message (after the system prompt, when one is set).
   *
   * @param userText the user's text
   * @return the final answer, the conversation and the tool calls made
   * @throws ToolLoopException when the round limit is reached
   */
  public ToolLoopResult run(String userText) {
    return run(List.of(ChatMessage.user(userText)));
  }

  /**
   * Runs the loop from a conversation, such as {@link ToolLoopResult#followUp} or {@link
   * ToolLoopException#messages()}. The system prompt is put first unless the conversation already
   * starts with a system message.
   *
   * @param messages the conversation so far, ending with a user or tool message
   * @return the final answer, the whole conversation and the tool calls made in this run
   * @throws ToolLoopException when the round limit is reached
   */
  public ToolLoopResult run(List<? extends ChatMessage> messages) {
    return loop(messages, openai::chatCompletion);
  }

  /**
   * Runs the loop for one user message, streaming each round and pushing every chunk to {@code
   * listener} (on this thread) as it arrives; tools run between rounds.
   *
   * @param userText the user's text
   * @param listener receives every chunk of every round
   * @return the final answer, the conversation and the tool calls made
   * @throws ToolLoopException when the round limit is reached
   */
  public ToolLoopResult stream(
      String userText, StreamListener<? super ChatCompletionChunk> listener) {
    return stream(List.of(ChatMessage.user(userText)), listener);
  }

  /**
   * Runs the loop from a conversation, streaming each round and pushing every chunk to {@code
   * listener} (on this thread) as it arrives; tools run between rounds.
   *
   * @param messages the conversation so far
   * @param listener receives every chunk of every round
   * @return the final answer, the whole conversation and the tool calls made in this run
   * @throws ToolLoopException when the round limit is reached
   * @throws io.github.lmstudiojava.client.LmStudioStreamException when a round's stream breaks
   */
  public ToolLoopResult stream(
      List<? extends ChatMessage> messages, StreamListener<? super ChatCompletionChunk> listener) {
    Objects.requireNonNull(listener, "listener == null");
    return loop(
        messages,
        request -> {
          try (EventStream<ChatCompletionChunk, ChatCompletion> s =
              openai.streamChatCompletion(request)) {
            for (ChatCompletionChunk chunk : s) {
              listener.onEvent(chunk);
            }
            return s.result();
          }
        });
  }

  /**
   * The model the loop asks.
   *
   * @return the model identifier
   */
  public String model() {
    return model;
  }

  /**
   * The tools offered to the model.
   *
   * @return the tools
   */
  public List<FunctionTool> tools() {
    return tools;
  }

  private ToolLoopResult loop(
      List<? extends ChatMessage> start, Function<ChatCompletionRequest, ChatCompletion> send) {
    Objects.requireNonNull(start, "messages == null");
    List<ChatMessage> messages = new ArrayList<>();
    if (system != null
        && (start.isEmpty() || !(start.get(0) instanceof ChatMessage.SystemMessage))) {
      messages.add(ChatMessage.system(system));
    }
    messages.addAll(start);
    List<ToolInvocation> invocations = new ArrayList<>();
    for (int round = 1; ; round++) {
      ChatCompletion completion = send.apply(request(messages));
      List<ChatToolCall> calls = withIds(round, completion.toolCalls());
      if (calls.isEmpty()) {
        String text = completion.text();
        messages.add(ChatMessage.assistant(text));
        return new ToolLoopResult(completion, messages, round, invocations);
      }
      String content = completion.choices().get(0).message().content();
      messages.add(new ChatMessage.AssistantMessage(content, calls));
      for (ToolInvocation invocation : runner.run(round, calls, this::report)) {
        messages.add(ChatMessage.tool(invocation.callId(), invocation.content()));
        invocations.add(invocation);
      }
      if (round >= maxRounds) {
        throw new ToolLoopException(
            "The model still called tools after "
                + round
                + " rounds (maxRounds); the calls were answered: continue with run(e.messages())"
                + " or raise maxRounds",
            messages,
            invocations,
            completion,
            round);
      }
    }
  }

  private void report(ToolInvocation invocation) {
    if (onToolCall != null) {
      onToolCall.accept(invocation);
    }
  }

  private ChatCompletionRequest request(List<ChatMessage> messages) {
    ChatCompletionRequest.Builder b =
        template == null ? ChatCompletionRequest.builder(model) : template.toBuilder().model(model);
    return b.messages(messages).tools(chatTools).build();
  }

  /** A tool message must quote its call's id; a call the model sent without one gets one. */
  private static List<ChatToolCall> withIds(int round, List<ChatToolCall> calls) {
    List<ChatToolCall> named = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      ChatToolCall call = calls.get(i);
      if (call.id() == null || call.id().isBlank()) {
        call = new ChatToolCall("call_" + round + "_" + (i + 1), call.type(), call.function());
      }
      named.add(call);
    }
    return named;
  }

  /** Builds a {@link ToolLoop}; get one from {@link OpenAi#toolLoop(String)}. */
  public static final class Builder {
    private final OpenAi openai;
    private final String model;
    private List<FunctionTool> tools = new ArrayList<>();
    private String system;
    private ChatCompletionRequest template;
    private int maxRounds = 8;
    private Executor executor;
    private Consumer<? super ToolInvocation> onToolCall;

    private Builder(OpenAi openai, String model) {
      this.openai = Objects.requireNonNull(openai, "openai == null");
      Requests.model(model);
      this.model = model;
    }

    /** Sets the tools the model may call; their names must differ. */
    public Builder tools(FunctionTool... tools) {
      return tools(Arrays.asList(tools));
    }

    /** Sets the tools the model may call; their names must differ. */
    public Builder tools(List<? extends FunctionTool> tools) {
      for (FunctionTool tool : tools) {
        Objects.requireNonNull(tool, "tool == null");
      }
      this.tools = new ArrayList<>(tools);
      return this;
    }

    /** Sets a system prompt put before the conversation, or null for none. */
    public Builder system(String system) {
      this.system = system;
      return this;
    }

    /**
     * Sets a request whose options (sampling, {@code max_tokens}, {@code tool_choice}, {@code
     * response_format}, timeouts, ...) every round uses; its model, messages and tools are replaced
     * by the loop's. Null for defaults.
     */
    public Builder template(ChatCompletionRequest template) {
      this.template = template;
      return this;
    }

    /**
     * Sets the most requests one run sends to the model, 1 or more; 8 by default.
     *
     * @param maxRounds the limit
     * @return this builder
     */
    public Builder maxRounds(int maxRounds) {
      if (maxRounds < 1) {
        throw new IllegalArgumentException("maxRounds < 1: " + maxRounds);
      }
      this.maxRounds = maxRounds;
      return this;
    }

    /**
     * Sets an executor to run the calls of one reply at once (parallel tool calls), or null to run
     * them one after another on the calling thread (the default). Either way the tool messages keep
     * the calls' order.
     */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /**
     * Sets a callback told of every tool call once it has run, in call order, on the thread running
     * the loop; null for none.
     */
    public Builder onToolCall(Consumer<? super ToolInvocation> onToolCall) {
      this.onToolCall = onToolCall;
      return this;
    }

    /**
     * Builds the loop.
     *
     * @return the loop
     * @throws IllegalArgumentException when two tools share a name
     */
    public ToolLoop build() {
      return new ToolLoop(this);
    }
  }
}
