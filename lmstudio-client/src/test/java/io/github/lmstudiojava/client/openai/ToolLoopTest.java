package io.github.lmstudiojava.client.openai;

import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.client;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.json;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.takePost;
import static io.github.lmstudiojava.client.openai.OpenAiTestSupport.tree;
import static io.github.lmstudiojava.client.openai.ToolLoopTestSupport.FORECAST_TOOL;
import static io.github.lmstudiojava.client.openai.ToolLoopTestSupport.TIME_TOOL;
import static io.github.lmstudiojava.client.openai.ToolLoopTestSupport.answer;
import static io.github.lmstudiojava.client.openai.ToolLoopTestSupport.assistantCalls;
import static io.github.lmstudiojava.client.openai.ToolLoopTestSupport.body;
import static io.github.lmstudiojava.client.openai.ToolLoopTestSupport.call;
import static io.github.lmstudiojava.client.openai.ToolLoopTestSupport.forecastTool;
import static io.github.lmstudiojava.client.openai.ToolLoopTestSupport.timeTool;
import static io.github.lmstudiojava.client.openai.ToolLoopTestSupport.toolMessage;
import static io.github.lmstudiojava.client.openai.ToolLoopTestSupport.toolReply;
import static io.github.lmstudiojava.client.openai.ToolLoopTestSupport.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.openai.ToolLoopTestSupport.Weather;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client-side tool loop over non-streamed chat completions. */
class ToolLoopTest {
  private static final String PATH = "/v1/chat/completions";
  private static final String PARIS = "{\"city\":\"Paris\",\"days\":2}";
  private static final String PARIS_WEATHER =
      "{\"city\":\"Paris\",\"celsius\":21.5,\"sunny\":true}";

  @StartStop final MockWebServer server = new MockWebServer();

  private LmStudio lms;
  private final List<ToolInvocation> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void createClient() {
    lms = client(server);
  }

  @AfterEach
  void closeClient() {
    lms.close();
  }

  private static FunctionTool parisForecast() {
    return forecastTool(f -> new Weather(f.city(), 21.5, true));
  }

  private Object sent() throws InterruptedException {
    return takePost(server, PATH, false);
  }

  @Test
  void twoRoundLoopRunsTheToolAndSendsItsResultBack() throws Exception {
    server.enqueue(json(toolReply(call("call_1", "get_forecast", PARIS))));
    server.enqueue(json(answer("Sunny, 21.5 degrees.")));
    ToolLoop loop =
        lms.openai()
            .toolLoop("m")
            .tools(parisForecast())
            .system("Answer briefly.")
            .template(
                ChatCompletionRequest.builder("ignored")
                    .messages(ChatMessage.user("ignored"))
                    .temperature(0.2)
                    .maxTokens(100)
                    .build())
            .onToolCall(seen::add)
            .build();

    ToolLoopResult result = loop.run("Weather in Paris?");

    assertThat(result.text()).isEqualTo("Sunny, 21.5 degrees.");
    assertThat(result.rounds()).isEqualTo(2);
    assertThat(result.completion().usage()).isEqualTo(new CompletionUsage(50, 9, 59));
    ChatToolCall asked = ChatToolCall.of("call_1", "get_forecast", PARIS);
    assertThat(result.messages())
        .containsExactly(
            ChatMessage.system("Answer briefly."),
            ChatMessage.user("Weather in Paris?"),
            ChatMessage.assistant(List.of(asked)),
            ChatMessage.tool("call_1", PARIS_WEATHER),
            ChatMessage.assistant("Sunny, 21.5 degrees."));
    String system = "{\"role\": \"system\", \"content\": \"Answer briefly.\"}";
    String options = "\"temperature\": 0.2, \"max_tokens\": 100";
    assertThat(sent())
        .isEqualTo(
            tree(
                body(List.of(system, user("Weather in Paris?")), List.of(FORECAST_TOOL), options)));
    assertThat(sent())
        .isEqualTo(
            tree(
                body(
                    List.of(
                        system,
                        user("Weather in Paris?"),
                        assistantCalls(call("call_1", "get_forecast", PARIS)),
                        toolMessage("call_1", PARIS_WEATHER)),
                    List.of(FORECAST_TOOL),
                    options)));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void theCallbackSeesEveryInvocationWithRoundArgumentsAndResult() throws Exception {
    server.enqueue(json(toolReply(call("c1", "get_forecast", PARIS))));
    server.enqueue(json(toolReply(call("c2", "get_time", "{\"zone\":\"Europe/Paris\"}"))));
    server.enqueue(json(answer("Done.")));
    ToolLoop loop =
        lms.openai()
            .toolLoop("m")
            .tools(parisForecast(), timeTool(args -> "12:00 in " + args.get("zone")))
            .onToolCall(seen::add)
            .build();

    ToolLoopResult result = loop.run("Weather and time in Paris?");

    assertThat(seen).isEqualTo(result.invocations()).hasSize(2);
    ToolInvocation first = seen.get(0);
    assertThat(first.round()).isEqualTo(1);
    assertThat(first.callId()).isEqualTo("c1");
    assertThat(first.name()).isEqualTo("get_forecast");
    assertThat(first.arguments()).isEqualTo(PARIS);
    assertThat(first.parsedArguments()).isEqualTo(Map.of("city", "Paris", "days", 2L));
    assertThat(first.result()).isEqualTo(PARIS_WEATHER);
    assertThat(first.error()).isNull();
    assertThat(first.isError()).isFalse();
    assertThat(first.content()).isEqualTo(PARIS_WEATHER);
    assertThat(first.duration()).isGreaterThanOrEqualTo(Duration.ZERO);
    ToolInvocation second = seen.get(1);
    assertThat(second.round()).isEqualTo(2);
    assertThat(second.name()).isEqualTo("get_time");
    assertThat(second.result()).isEqualTo("12:00 in Europe/Paris");
    assertThat(result.rounds()).isEqualTo(3);
    sent();
    sent();
    assertThat(sent())
        .isEqualTo(
            tree(
                body(
                    List.of(
                        user("Weather and time in Paris?"),
                        assistantCalls(call("c1", "get_forecast", PARIS)),
                        toolMessage("c1", PARIS_WEATHER),
                        assistantCalls(call("c2", "get_time", "{\"zone\":\"Europe/Paris\"}")),
                        toolMessage("c2", "12:00 in Europe/Paris")),
                    List.of(FORECAST_TOOL, TIME_TOOL),
                    "")));
  }

  @Test
  void parallelCallsOfOneReplyRunInOrderAndAreAnsweredInOrder() throws Exception {
    String tokyo = "{\"zone\":\"Asia/Tokyo\"}";
    String paris = "{\"zone\":\"Europe/Paris\"}";
    server.enqueue(json(toolReply(call("a", "get_time", tokyo), call("b", "get_time", paris))));
    server.enqueue(json(answer("Tokyo 19:00, Paris 12:00.")));
    List<String> ran = new CopyOnWriteArrayList<>();
    String caller = Thread.currentThread().getName();
    FunctionTool time =
        timeTool(
            args -> {
              ran.add(args.get("zone") + "@" + Thread.currentThread().getName());
              return new TreeMap<>(Map.of("zone", args.get("zone"), "time", "12:00"));
            });

    ToolLoopResult result = lms.openai().toolLoop("m").tools(time).build().run("Times?");

    assertThat(ran).containsExactly("Asia/Tokyo@" + caller, "Europe/Paris@" + caller);
    assertThat(result.invocations()).extracting(ToolInvocation::callId).containsExactly("a", "b");
    assertThat(result.invocations()).extracting(ToolInvocation::round).containsExactly(1, 1);
    sent();
    assertThat(sent())
        .isEqualTo(
            tree(
                body(
                    List.of(
                        user("Times?"),
                        assistantCalls(call("a", "get_time", tokyo), call("b", "get_time", paris)),
                        toolMessage("a", "{\"time\":\"12:00\",\"zone\":\"Asia/Tokyo\"}"),
                        toolMessage("b", "{\"time\":\"12:00\",\"zone\":\"Europe/Paris\"}")),
                    List.of(TIME_TOOL),
                    "")));
  }

  @Test
  void withAnExecutorTheCallsOfOneReplyOverlapAndKeepTheirOrder() throws Exception {
    server.enqueue(
        json(
            toolReply(
                call("slow", "get_time", "{\"zone\":\"slow\"}"),
                call("fast", "get_time", "{\"zone\":\"fast\"}"))));
    server.enqueue(json(answer("Both.")));
    CountDownLatch bothStarted = new CountDownLatch(2);
    CountDownLatch fastDone = new CountDownLatch(1);
    FunctionTool time =
        timeTool(
            args -> {
              bothStarted.countDown();
              boolean overlapped = await(bothStarted);
              if (args.get("zone").equals("fast")) {
                fastDone.countDown();
              } else {
                // The slow call finishes after the fast one, yet must be answered first.
                await(fastDone);
              }
              return args.get("zone") + (overlapped ? " overlapped" : " ran alone");
            });
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      ToolLoopResult result =
          lms.openai()
              .toolLoop("m")
              .tools(time)
              .executor(pool)
              .onToolCall(seen::add)
              .build()
              .run("Times?");

      assertThat(result.invocations())
          .extracting(ToolInvocation::result)
          .containsExactly("slow overlapped", "fast overlapped");
      assertThat(seen).extracting(ToolInvocation::callId).containsExactly("slow", "fast");
    } finally {
      pool.shutdownNow();
    }
    sent();
    assertThat(sent())
        .isEqualTo(
            tree(
                body(
                    List.of(
                        user("Times?"),
                        assistantCalls(
                            call("slow", "get_time", "{\"zone\":\"slow\"}"),
                            call("fast", "get_time", "{\"zone\":\"fast\"}")),
                        toolMessage("slow", "slow overlapped"),
                        toolMessage("fast", "fast overlapped")),
                    List.of(TIME_TOOL),
                    "")));
  }

  @Test
  void aFailingCallbackWithAnExecutorLetsTheRunningCallsFinishBeforeItIsThrown() throws Exception {
    server.enqueue(
        json(
            toolReply(
                call("first", "get_time", "{\"zone\":\"first\"}"),
                call("second", "get_time", "{\"zone\":\"second\"}"))));
    CountDownLatch callbackFailed = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean secondFinished =
        new java.util.concurrent.atomic.AtomicBoolean();
    FunctionTool time =
        timeTool(
            args -> {
              if (args.get("zone").equals("second")) {
                // Still running when the callback fails for the first call, and for a while
                // after: the loop must wait for it rather than leave it running unobserved.
                await(callbackFailed);
                try {
                  Thread.sleep(300);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                secondFinished.set(true);
              }
              return "ok";
            });
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      ToolLoop loop =
          lms.openai()
              .toolLoop("m")
              .tools(time)
              .executor(pool)
              .onToolCall(
                  invocation -> {
                    callbackFailed.countDown();
                    throw new IllegalStateException("callback failed");
                  })
              .build();

      assertThatThrownBy(() -> loop.run("Times?"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("callback failed");
      assertThat(secondFinished).isTrue();
    } finally {
      pool.shutdownNow();
    }
    assertThat(sent()).isNotNull();
  }

  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void anUnknownToolIsAnsweredWithAnErrorAndTheLoopGoesOn() throws Exception {
    server.enqueue(json(toolReply(call("x", "get_stock", "{\"symbol\":\"ACME\"}"))));
    server.enqueue(json(answer("I cannot look up stocks.")));

    ToolLoopResult result =
        lms.openai()
            .toolLoop("m")
            .tools(parisForecast())
            .onToolCall(seen::add)
            .build()
            .run("ACME?");

    String error = "{\"error\":\"unknown tool \\\"get_stock\\\"; the tools are: get_forecast\"}";
    assertThat(result.text()).isEqualTo("I cannot look up stocks.");
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).isError()).isTrue();
    assertThat(seen.get(0).result()).isNull();
    assertThat(seen.get(0).error())
        .isEqualTo("unknown tool \"get_stock\"; the tools are: get_forecast");
    assertThat(seen.get(0).parsedArguments()).isEqualTo(Map.of("symbol", "ACME"));
    sent();
    assertThat(sent())
        .isEqualTo(
            tree(
                body(
                    List.of(
                        user("ACME?"),
                        assistantCalls(call("x", "get_stock", "{\"symbol\":\"ACME\"}")),
                        toolMessage("x", error)),
                    List.of(FORECAST_TOOL),
                    "")));
  }

  @Test
  void argumentsThatAreNotJsonAreAnsweredWithAnErrorWithoutRunningTheHandler() throws Exception {
    String broken = "{\"city\": \"Paris\", \"days\": ";
    server.enqueue(json(toolReply(call("b", "get_forecast", broken))));
    server.enqueue(json(answer("Sorry.")));
    AtomicInteger runs = new AtomicInteger();

    ToolLoopResult result =
        lms.openai()
            .toolLoop("m")
            .tools(forecastTool(f -> runs.incrementAndGet()))
            .onToolCall(seen::add)
            .build()
            .run("Paris?");

    assertThat(runs).hasValue(0);
    assertThat(result.text()).isEqualTo("Sorry.");
    ToolInvocation invocation = seen.get(0);
    assertThat(invocation.parsedArguments()).isNull();
    assertThat(invocation.arguments()).isEqualTo(broken);
    assertThat(invocation.error())
        .startsWith("invalid arguments for get_forecast: the arguments are not valid JSON");
    sent();
    Map<String, Object> second = OpenAiTestSupport.object(bodyText(sent()));
    assertThat(messages(second).get(2))
        .isEqualTo(tree(toolMessage("b", ToolJson.error(invocation.error()))));
    assertThat(tree(ToolJson.error(invocation.error())))
        .isEqualTo(Map.of("error", invocation.error()));
  }

  @Test
  void argumentsBreakingAnExplicitSchemaAreAnsweredWithTheProblems() throws Exception {
    server.enqueue(json(toolReply(call("t", "get_time", "{\"zone\":5,\"extra\":true}"))));
    server.enqueue(json(answer("Sorry.")));
    AtomicInteger runs = new AtomicInteger();

    lms.openai()
        .toolLoop("m")
        .tools(timeTool(args -> runs.incrementAndGet()))
        .onToolCall(seen::add)
        .build()
        .run("Time?");

    assertThat(runs).hasValue(0);
    String error =
        "invalid arguments for get_time: the arguments do not match the schema:"
            + " $.zone should be string but is long 5";
    assertThat(seen.get(0).error()).isEqualTo(error);
    assertThat(seen.get(0).parsedArguments()).isEqualTo(Map.of("zone", 5L, "extra", true));
    sent();
    assertThat(messages(sent()).get(2))
        .isEqualTo(tree(toolMessage("t", "{\"error\":" + OpenAiTestSupport.quote(error) + "}")));
  }

  @Test
  void argumentsBreakingARecordToolAreAnsweredWithThePath() throws Exception {
    server.enqueue(
        json(
            toolReply(
                call("r1", "get_forecast", "{\"city\":\"Paris\",\"days\":\"two\"}"),
                call("r2", "get_forecast", "{\"days\":2}"))));
    server.enqueue(json(answer("Sorry.")));
    AtomicInteger runs = new AtomicInteger();

    lms.openai()
        .toolLoop("m")
        .tools(forecastTool(f -> runs.incrementAndGet()))
        .onToolCall(seen::add)
        .build()
        .run("Paris?");

    assertThat(runs).hasValue(0);
    assertThat(seen.get(0).error())
        .startsWith("invalid arguments for get_forecast: ")
        .contains("$.days should be a number but is the string \"two\"");
    assertThat(seen.get(1).error()).contains("$.city is required but missing");
    sent();
    List<Object> messages = messages(sent());
    assertThat(messages.get(2))
        .isEqualTo(tree(toolMessage("r1", ToolJson.error(seen.get(0).error()))));
    assertThat(messages.get(3))
        .isEqualTo(tree(toolMessage("r2", ToolJson.error(seen.get(1).error()))));
  }

  @Test
  void aHandlerThatThrowsIsAnsweredWithItsMessage() throws Exception {
    server.enqueue(json(toolReply(call("h", "get_forecast", PARIS))));
    server.enqueue(json(answer("The weather service is down.")));

    ToolLoopResult result =
        lms.openai()
            .toolLoop("m")
            .tools(
                forecastTool(
                    f -> {
                      throw new IllegalStateException("weather service down");
                    }))
            .onToolCall(seen::add)
            .build()
            .run("Paris?");

    assertThat(result.text()).isEqualTo("The weather service is down.");
    assertThat(seen.get(0).error())
        .isEqualTo("get_forecast failed: IllegalStateException: weather service down");
    sent();
    assertThat(messages(sent()).get(2))
        .isEqualTo(
            tree(
                toolMessage(
                    "h",
                    "{\"error\":\"get_forecast failed: IllegalStateException: weather service"
                        + " down\"}")));
  }

  @Test
  void theRoundLimitStopsWithTheConversationWhichCanBeContinued() throws Exception {
    server.enqueue(json(toolReply(call("1", "get_forecast", PARIS))));
    server.enqueue(json(toolReply(call("2", "get_forecast", PARIS))));
    ToolLoop loop = lms.openai().toolLoop("m").tools(parisForecast()).maxRounds(2).build();

    Throwable thrown = catchThrowable(() -> loop.run("Paris?"));

    assertThat(thrown).isInstanceOf(ToolLoopException.class).hasMessageContaining("after 2 rounds");
    ToolLoopException e = (ToolLoopException) thrown;
    assertThat(e.rounds()).isEqualTo(2);
    assertThat(e.invocations()).extracting(ToolInvocation::callId).containsExactly("1", "2");
    assertThat(e.lastCompletion().toolCalls()).hasSize(1);
    List<ChatMessage> expected =
        List.of(
            ChatMessage.user("Paris?"),
            ChatMessage.assistant(List.of(ChatToolCall.of("1", "get_forecast", PARIS))),
            ChatMessage.tool("1", PARIS_WEATHER),
            ChatMessage.assistant(List.of(ChatToolCall.of("2", "get_forecast", PARIS))),
            ChatMessage.tool("2", PARIS_WEATHER));
    assertThat(e.messages()).isEqualTo(expected);
    sent();
    sent();
    assertThat(server.getRequestCount()).isEqualTo(2);

    server.enqueue(json(answer("Sunny.")));
    ToolLoopResult continued = loop.run(e.messages());

    assertThat(continued.text()).isEqualTo("Sunny.");
    assertThat(continued.rounds()).isEqualTo(1);
    assertThat(continued.invocations()).isEmpty();
    assertThat(messages(sent())).isEqualTo(tree(messagesJson(e.messages())));
  }

  @Test
  void aConversationContinuesFromTheResultWithoutRepeatingTheSystemPrompt() throws Exception {
    server.enqueue(json(answer("Hello!")));
    server.enqueue(json(answer("Goodbye!")));
    ToolLoop loop = lms.openai().toolLoop("m").tools(parisForecast()).system("Be kind.").build();

    ToolLoopResult first = loop.run("Hi");
    ToolLoopResult second = loop.run(first.followUp("Bye"));

    assertThat(first.rounds()).isEqualTo(1);
    assertThat(second.text()).isEqualTo("Goodbye!");
    assertThat(second.messages())
        .containsExactly(
            ChatMessage.system("Be kind."),
            ChatMessage.user("Hi"),
            ChatMessage.assistant("Hello!"),
            ChatMessage.user("Bye"),
            ChatMessage.assistant("Goodbye!"));
    sent();
    assertThat(sent())
        .isEqualTo(
            tree(
                body(
                    List.of(
                        "{\"role\": \"system\", \"content\": \"Be kind.\"}",
                        user("Hi"),
                        "{\"role\": \"assistant\", \"content\": \"Hello!\"}",
                        user("Bye")),
                    List.of(FORECAST_TOOL),
                    "")));
  }

  @Test
  void aCallWithoutAnIdGetsOneThatTheToolMessageQuotes() throws Exception {
    server.enqueue(json(toolReply(call(null, "get_forecast", PARIS))));
    server.enqueue(json(answer("Sunny.")));

    ToolLoopResult result = lms.openai().toolLoop("m").tools(parisForecast()).build().run("Paris?");

    assertThat(result.invocations().get(0).callId()).isEqualTo("call_1_1");
    sent();
    assertThat(messages(sent()))
        .isEqualTo(
            tree(
                "["
                    + user("Paris?")
                    + ", "
                    + assistantCalls(call("call_1_1", "get_forecast", PARIS))
                    + ", "
                    + toolMessage("call_1_1", PARIS_WEATHER)
                    + "]"));
  }

  @Test
  void aToolLoopNeedsDistinctToolNamesAndAtLeastOneRound() {
    assertThatThrownBy(
            () -> lms.openai().toolLoop("m").tools(parisForecast(), parisForecast()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("two tools are named get_forecast");
    assertThatThrownBy(() -> lms.openai().toolLoop("m").maxRounds(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxRounds < 1: 0");
    assertThatThrownBy(() -> lms.openai().toolLoop(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("model == null");
  }

  @SuppressWarnings("unchecked")
  private static List<Object> messages(Object body) {
    return (List<Object>) ((Map<String, Object>) body).get("messages");
  }

  private static String bodyText(Object body) {
    return ChatCompletionJson.MOSHI.adapter(Object.class).toJson(body);
  }

  /** The messages as the request writes them. */
  private static String messagesJson(List<ChatMessage> messages) {
    String request =
        RequestJson.chatCompletion(
            ChatCompletionRequest.builder("m").messages(messages).build(), false);
    return bodyText(messages(tree(request)));
  }
}
