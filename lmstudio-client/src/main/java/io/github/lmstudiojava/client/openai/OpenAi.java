package io.github.lmstudiojava.client.openai;

import io.github.lmstudiojava.client.EventStream;
import io.github.lmstudiojava.client.LmStudioHttpException;
import io.github.lmstudiojava.client.LmStudioTimeoutException;
import io.github.lmstudiojava.client.StreamCall;
import io.github.lmstudiojava.client.StreamListener;
import io.github.lmstudiojava.client.Timeouts;
import io.github.lmstudiojava.client.internal.SseEventStream;
import io.github.lmstudiojava.client.internal.SseStream;
import io.github.lmstudiojava.client.internal.SseStreamCall;
import io.github.lmstudiojava.client.internal.StreamProtocol;
import io.github.lmstudiojava.client.internal.Transport;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.Request;
import okio.Okio;

/**
 * LM Studio's OpenAI-compatible endpoints ({@code /v1/models}, {@code /v1/chat/completions}, {@code
 * /v1/completions}, {@code /v1/embeddings}, {@code /v1/responses}). Reached through {@code
 * lms.openai()}.
 *
 * <pre>{@code
 * OpenAi openai = lms.openai();
 * openai.chatCompletion("qwen/qwen3-4b", "Why is the sky blue?").text();
 * openai.chatCompletion(ChatCompletionRequest.builder("qwen/qwen3-4b")
 *     .messages(ChatMessage.user("What is the weather in Paris?"))
 *     .tools(ChatTool.function("get_weather", "Current weather", schema))
 *     .build()).toolCalls();
 * try (var s = openai.streamChatCompletion(request)) {
 *   s.forEach(chunk -> System.out.print(chunk.text()));
 * }
 * openai.embed("text-embedding-nomic-embed-text-v1.5", "cat", "dog").vector(0);
 * openai.response(ResponseRequest.builder("openai/gpt-oss-20b").input("Hi")
 *     .previousResponseId(previous.id()).build()).text();
 * }</pre>
 *
 * <p>Chat completions take the whole conversation, assistant turns included, and custom tools: what
 * the native {@code /api/v1/chat} cannot do. Non-streaming calls are bounded by {@link
 * Timeouts#call()}; streams by the first-event, idle and call limits. None is retried.
 */
public final class OpenAi {
  private static final String CHAT = "v1/chat/completions";
  private static final String COMPLETIONS = "v1/completions";
  private static final String EMBEDDINGS = "v1/embeddings";
  private static final String RESPONSES = "v1/responses";

  private final Transport transport;
  private final Timeouts timeouts;

  /**
   * Creates the surface; use {@code LmStudio.openai()} instead.
   *
   * @param transport the client's transport
   * @param timeouts the client's limits
   * @hidden
   */
  public OpenAi(Transport transport, Timeouts timeouts) {
    this.transport = Objects.requireNonNull(transport, "transport == null");
    this.timeouts = Objects.requireNonNull(timeouts, "timeouts == null");
  }

  /**
   * Lists the models the server offers ({@code GET /v1/models}): with just-in-time loading on,
   * every downloaded model. Retried like other reads.
   *
   * @return the models
   */
  public List<OpenAiModel> models() {
    String body = transport.get("v1/models", timeouts.idle());
    return ChatCompletionJson.models(body, "GET /v1/models");
  }

  /**
   * Sends one user message and waits for the answer ({@code POST /v1/chat/completions}).
   *
   * @param model the model identifier
   * @param userText the user's text
   * @return the completion; {@link ChatCompletion#text()} is the answer
   */
  public ChatCompletion chatCompletion(String model, String userText) {
    return chatCompletion(ChatCompletionRequest.of(model, userText));
  }

  /**
   * Sends a chat completion request and waits for the whole answer.
   *
   * @param request the request
   * @return the completion
   * @throws io.github.lmstudiojava.client.ModelNotFoundException when the model is unknown
   * @throws io.github.lmstudiojava.client.LmStudioHttpException when LM Studio refuses the request,
   *     or answers without generating anything (status 200; see {@link
   *     ChatCompletionAccumulator#isEmpty()})
   */
  public ChatCompletion chatCompletion(ChatCompletionRequest request) {
    Objects.requireNonNull(request, "request == null");
    String body =
        post(CHAT, RequestJson.chatCompletion(request, false), limits(request.timeouts()));
    ChatCompletion completion =
        ChatCompletionJson.read(
            ChatCompletionJson.CHAT_COMPLETION, body, "POST /v1/chat/completions");
    if (completion.generatedNothing()) {
      throw new LmStudioHttpException(
          "LM Studio answered 200 to POST /v1/chat/completions without generating anything: no"
              + " text, reasoning or tool call. "
              + ChatCompletion.nothingGeneratedHint(),
          200,
          null,
          null,
          null,
          null);
    }
    return completion;
  }

  /**
   * Asks for one user message's answer as JSON following a record's schema and binds it to the
   * record (structured output).
   *
   * <pre>{@code
   * record City(String name, String country, int population) {}
   * City paris = lms.openai().structured("qwen/qwen3-4b", "Describe Paris", City.class);
   * }</pre>
   *
   * @param model the model identifier
   * @param userText the user's text
   * @param type the record type; see {@link io.github.lmstudiojava.client.JsonSchema#of(Class)}
   * @param <T> the record type
   * @return the bound reply
   * @throws io.github.lmstudiojava.client.StructuredOutputException when the reply is empty or does
   *     not match the type; it carries the raw reply
   */
  public <T extends Record> T structured(String model, String userText, Class<T> type) {
    return chatCompletion(ChatCompletionRequest.of(model, userText), type);
  }

  /**
   * Sends a chat completion request asking for JSON following a record's schema, and binds the
   * answer to the record. A request without a {@code response_format} gets {@link
   * ChatResponseFormat#jsonSchema(Class)} (strict, named after the type); one that has a format
   * keeps it.
   *
   * @param request the request
   * @param type the record type
   * @param <T> the record type
   * @return the bound reply
   * @throws io.github.lmstudiojava.client.StructuredOutputException when the reply is empty (a
   *     refusal, tool calls, a model without structured output) or does not match the type; it
   *     carries the raw reply
   */
  public <T extends Record> T chatCompletion(ChatCompletionRequest request, Class<T> type) {
    return StructuredOutput.read(chatCompletion(StructuredOutput.request(request, type)), type);
  }

  /**
   * Starts a loop that runs the tools a model asks for and sends their results back until it
   * answers: see {@link ToolLoop}.
   *
   * <pre>{@code
   * ToolLoopResult r = lms.openai().toolLoop("qwen/qwen3-4b").tools(weather).build()
   *     .run("What is the weather in Paris?");
   * }</pre>
   *
   * @param model the model identifier
   * @return a builder for the loop
   */
  public ToolLoop.Builder toolLoop(String model) {
    return ToolLoop.builder(this, model);
  }

  /**
   * Starts a streamed chat completion and returns once LM Studio accepted it; read the chunks on
   * this thread, then {@link EventStream#result()} for the whole completion. Close the stream to
   * cancel it early.
   *
   * @param request the request
   * @return the open stream
   * @throws io.github.lmstudiojava.client.ModelNotFoundException when the model is unknown
   * @throws io.github.lmstudiojava.client.LmStudioHttpException when LM Studio refuses the request
   */
  public EventStream<ChatCompletionChunk, ChatCompletion> streamChatCompletion(
      ChatCompletionRequest request) {
    return open(chatStream(request));
  }

  /**
   * Starts a streamed chat completion in the background, pushing each chunk to {@code listener}.
   *
   * @param request the request
   * @param listener receives the chunks, on an HTTP client thread
   * @return a handle to cancel the call or wait for the whole completion
   */
  public StreamCall<ChatCompletion> streamChatCompletion(
      ChatCompletionRequest request, StreamListener<? super ChatCompletionChunk> listener) {
    Objects.requireNonNull(listener, "listener == null");
    return SseStreamCall.start(chatStream(request), listener);
  }

  /**
   * Reads a recorded chat completion stream (the bytes of a {@code stream: true} response): the
   * same chunks, result and errors as a live stream, without a server.
   *
   * @param sse the recorded event stream; closed when the stream is closed or finished
   * @return the stream
   */
  public static EventStream<ChatCompletionChunk, ChatCompletion> replayChatCompletion(
      InputStream sse) {
    return replay(sse, new ChatCompletionProtocol("a replayed stream"));
  }

  /**
   * Continues a text ({@code POST /v1/completions}); no prompt template is applied.
   *
   * @param model the model identifier, best a base model
   * @param prompt the text to continue
   * @return the completion; {@link Completion#text()} is the continuation
   */
  public Completion completion(String model, String prompt) {
    return completion(CompletionRequest.of(model, prompt));
  }

  /**
   * Sends a text completion request and waits for the whole answer.
   *
   * @param request the request
   * @return the completion
   */
  public Completion completion(CompletionRequest request) {
    Objects.requireNonNull(request, "request == null");
    String body =
        post(COMPLETIONS, RequestJson.completion(request, false), limits(request.timeouts()));
    return ChatCompletionJson.read(ChatCompletionJson.COMPLETION, body, "POST /v1/completions");
  }

  /**
   * Starts a streamed text completion; each chunk is a {@link Completion} holding a piece of text.
   *
   * @param request the request
   * @return the open stream
   */
  public EventStream<Completion, Completion> streamCompletion(CompletionRequest request) {
    return open(completionStream(request));
  }

  /**
   * Starts a streamed text completion in the background, pushing each chunk to {@code listener}.
   *
   * @param request the request
   * @param listener receives the chunks, on an HTTP client thread
   * @return a handle to cancel the call or wait for the whole completion
   */
  public StreamCall<Completion> streamCompletion(
      CompletionRequest request, StreamListener<? super Completion> listener) {
    Objects.requireNonNull(listener, "listener == null");
    return SseStreamCall.start(completionStream(request), listener);
  }

  /**
   * Reads a recorded text completion stream, without a server.
   *
   * @param sse the recorded event stream; closed when the stream is closed or finished
   * @return the stream
   */
  public static EventStream<Completion, Completion> replayCompletion(InputStream sse) {
    return replay(sse, new CompletionProtocol("a replayed stream"));
  }

  /**
   * Embeds texts in one request ({@code POST /v1/embeddings}).
   *
   * @param model the embedding model's identifier
   * @param inputs the texts
   * @return one vector per text, in order
   */
  public EmbeddingResult embed(String model, String... inputs) {
    return embed(EmbeddingRequest.of(model, inputs));
  }

  /**
   * Embeds texts in one request.
   *
   * @param request the request
   * @return one vector per text, in order
   * @throws io.github.lmstudiojava.client.LmStudioProtocolException when LM Studio does not send
   *     one vector per text
   */
  public EmbeddingResult embed(EmbeddingRequest request) {
    Objects.requireNonNull(request, "request == null");
    String body = post(EMBEDDINGS, RequestJson.embedding(request), limits(request.timeouts()));
    return EmbeddingJson.read(body, request.input().size(), "POST /v1/embeddings");
  }

  /**
   * Embeds any number of texts in requests of at most {@code batchSize} texts, one after another;
   * the vectors come back in input order and the usage is summed.
   *
   * @param model the embedding model's identifier
   * @param inputs the texts
   * @param batchSize the most texts per request, 1 or more
   * @return one vector per text, in order
   */
  public EmbeddingResult embedAll(String model, List<String> inputs, int batchSize) {
    return embedAll(EmbeddingRequest.of(model, inputs), batchSize);
  }

  /**
   * Embeds the texts of a request in requests of at most {@code batchSize} texts, one after
   * another, each with the request's other options; the vectors come back in input order and the
   * usage is summed.
   *
   * @param request the request, with any number of texts
   * @param batchSize the most texts per request, 1 or more
   * @return one vector per text, in order
   */
  public EmbeddingResult embedAll(EmbeddingRequest request, int batchSize) {
    Objects.requireNonNull(request, "request == null");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize < 1: " + batchSize);
    }
    List<String> inputs = request.input();
    List<float[]> vectors = new ArrayList<>(inputs.size());
    CompletionUsage usage = null;
    String model = null;
    for (int from = 0; from < inputs.size(); from += batchSize) {
      List<String> batch = inputs.subList(from, Math.min(inputs.size(), from + batchSize));
      EmbeddingResult part = embed(request.toBuilder().input(batch).build());
      vectors.addAll(part.vectors());
      usage = usage == null ? part.usage() : usage.plus(part.usage());
      model = model == null ? part.model() : model;
    }
    return new EmbeddingResult(model, vectors, usage);
  }

  /**
   * Sends one user text to a model and waits for the whole response ({@code POST /v1/responses}).
   *
   * @param model the model key
   * @param input the text
   * @return the response; {@link ResponseResult#text()} is the answer
   */
  public ResponseResult response(String model, String input) {
    return response(ResponseRequest.of(model, input));
  }

  /**
   * Sends a request to the Responses endpoint and waits for the whole response, at most {@link
   * Timeouts#call()}. Never retried. A response cut short by {@code max_output_tokens} is returned
   * with status {@code incomplete}.
   *
   * @param request the request
   * @return the response
   * @throws io.github.lmstudiojava.client.ModelNotFoundException when the model is unknown
   * @throws io.github.lmstudiojava.client.LmStudioHttpException when LM Studio refuses the request
   */
  public ResponseResult response(ResponseRequest request) {
    Objects.requireNonNull(request, "request == null");
    String body =
        post(RESPONSES, ResponseRequestJson.write(request, false), limits(request.timeouts()));
    return ResponseJson.result(body, "POST /v1/responses");
  }

  /**
   * Starts a streamed response and returns once LM Studio accepted it; read the events on this
   * thread. The result is the response of {@code response.completed} (or {@code
   * response.incomplete}); {@code response.failed} and {@code error} events fail the stream with a
   * {@link io.github.lmstudiojava.client.LmStudioStreamException} holding the partial response.
   * Close the stream (try-with-resources) to cancel it early.
   *
   * @param request the request
   * @return the open stream
   * @throws io.github.lmstudiojava.client.ModelNotFoundException when the model is unknown
   * @throws io.github.lmstudiojava.client.LmStudioHttpException when LM Studio refuses the request
   */
  public EventStream<ResponseEvent, ResponseResult> streamResponse(ResponseRequest request) {
    return open(responseStream(request));
  }

  /**
   * Starts a streamed response in the background, pushing each event to {@code listener}.
   *
   * @param request the request
   * @param listener receives the events, on an HTTP client thread
   * @return a handle to cancel the call or wait for its result
   */
  public StreamCall<ResponseResult> streamResponse(
      ResponseRequest request, StreamListener<? super ResponseEvent> listener) {
    Objects.requireNonNull(listener, "listener == null");
    return SseStreamCall.start(responseStream(request), listener);
  }

  /**
   * Reads a recorded Responses stream (the bytes of a {@code stream: true} response): the same
   * events, result and errors as a live stream, without a server.
   *
   * @param sse the recorded event stream; closed when the stream is closed or finished
   * @return the stream
   */
  public static EventStream<ResponseEvent, ResponseResult> replayResponse(InputStream sse) {
    return replay(sse, new ResponseStreamProtocol("a replayed stream"));
  }

  private Timeouts limits(Timeouts own) {
    return own != null ? own : timeouts;
  }

  private String post(String path, String json, Timeouts limits) {
    return transport.post(path, json, limits.call(), LmStudioTimeoutException.Kind.CALL);
  }

  private SseStream<ChatCompletionChunk, ChatCompletion> chatStream(ChatCompletionRequest r) {
    Objects.requireNonNull(r, "request == null");
    return newStream(
        CHAT,
        RequestJson.chatCompletion(r, true),
        limits(r.timeouts()),
        new ChatCompletionProtocol("POST /v1/chat/completions"));
  }

  private SseStream<ResponseEvent, ResponseResult> responseStream(ResponseRequest r) {
    Objects.requireNonNull(r, "request == null");
    return newStream(
        RESPONSES,
        ResponseRequestJson.write(r, true),
        limits(r.timeouts()),
        new ResponseStreamProtocol("POST /v1/responses"));
  }

  private SseStream<Completion, Completion> completionStream(CompletionRequest r) {
    Objects.requireNonNull(r, "request == null");
    return newStream(
        COMPLETIONS,
        RequestJson.completion(r, true),
        limits(r.timeouts()),
        new CompletionProtocol("POST /v1/completions"));
  }

  private <E, R> SseStream<E, R> newStream(
      String path, String json, Timeouts limits, StreamProtocol<E, R> protocol) {
    Request request =
        transport
            .request(path)
            .header("Accept", "text/event-stream")
            .post(Transport.jsonBody(json))
            .build();
    return new SseStream<>(transport, transport.newCall(request, limits.call()), limits, protocol);
  }

  private static <E, R> EventStream<E, R> open(SseStream<E, R> stream) {
    stream.open();
    return new SseEventStream<>(stream);
  }

  private static <E, R> EventStream<E, R> replay(InputStream sse, StreamProtocol<E, R> protocol) {
    Objects.requireNonNull(sse, "sse == null");
    return new SseEventStream<>(SseStream.replay(Okio.buffer(Okio.source(sse)), protocol));
  }
}
