package io.github.lmstudiojava.examples;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import io.github.lmstudiojava.client.ChatStats;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.langchain4j.LmStudioChatMemoryStore;
import io.github.lmstudiojava.langchain4j.LmStudioChatModel;
import io.github.lmstudiojava.langchain4j.LmStudioChatResponseMetadata;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.SessionStores;
import java.io.PrintStream;
import java.util.List;

/**
 * LangChain4j on LM Studio: a {@code ChatModel} asked one question (LM Studio's native chat, with
 * its stats), then an AI service with a Java tool and a chat memory kept in a session store.
 *
 * <pre>
 * java -jar examples/target/lmstudio-examples.jar langchain4j [--model KEY] [PROMPT] [--demo]
 * </pre>
 */
public final class LangChain4jExample {
  static final String PROMPT = "What is the weather in Paris?";

  static final Cli.Usage USAGE =
      new Cli.Usage(
          "langchain4j",
          List.of(
              new Cli.Flag(
                  "--model",
                  "KEY",
                  "the model to ask (default: a loaded LLM, else the first one downloaded; the"
                      + " tool call needs one that supports tools)")),
          "PROMPT",
          "what to ask the assistant, which has a weather tool (default: \"" + PROMPT + "\")");

  private LangChain4jExample() {}

  /**
   * Runs the example from the command line.
   *
   * @param args the flags and prompt
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the example.
   *
   * @param args the flags and prompt
   * @param out where to print
   * @param err where errors go
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return Cli.run(args, out, err, USAGE, LangChain4jExample::example);
  }

  /** What the assistant may call. */
  public static final class Weather {
    private final PrintStream out;

    Weather(PrintStream out) {
      this.out = out;
    }

    /**
     * The weather in a city (made up).
     *
     * @param city the city
     * @return the weather
     */
    @Tool("The current weather in a city")
    public String get_weather(@P("the city") String city) {
      out.println("  [tool] get_weather(" + city + ")");
      return "Sunny, 24 C";
    }
  }

  /** The assistant: LangChain4j implements it. */
  interface Assistant {
    String chat(String message);
  }

  static void example(LmStudio lms, Cli.Args args, PrintStream out) {
    String model = ModelChoice.choose(lms, args, ModelChoice.Kind.LLM, out);
    ChatModel chatModel = LmStudioChatModel.builder().lmStudio(lms).modelName(model).build();

    // One question: LM Studio's native chat, which reports its stats.
    ChatResponse response = chatModel.chat(dev.langchain4j.data.message.UserMessage.from("Hello!"));
    out.println("> Hello!");
    out.println(response.aiMessage().text());
    ChatStats stats = ((LmStudioChatResponseMetadata) response.metadata()).stats();
    out.printf(
        "  (%.1f tokens/s, %s)%n%n", stats.tokensPerSecond(), response.metadata().tokenUsage());

    // An AI service with a tool and a memory: the OpenAI-compatible chat carries the tools.
    try (SessionStore sessions = SessionStores.inMemory()) {
      Assistant assistant =
          AiServices.builder(Assistant.class)
              .chatModel(chatModel)
              .tools(new Weather(out))
              .chatMemory(
                  MessageWindowChatMemory.builder()
                      .id("example")
                      .maxMessages(20)
                      .chatMemoryStore(new LmStudioChatMemoryStore(sessions))
                      .build())
              .build();
      String prompt = args.text(PROMPT);
      out.println("> " + prompt);
      out.println(assistant.chat(prompt));
      out.println("  (" + sessions.history("example").size() + " messages in the chat memory)");
    }
  }
}
