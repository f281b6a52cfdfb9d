package io.github.lmstudiojava.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.client.DownloadStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DemoModeTest {
  static List<String> exampleNames() {
    return Examples.ALL.stream().map(Examples.Entry::name).toList();
  }

  @ParameterizedTest
  @MethodSource("exampleNames")
  void everyExampleSaysFirstThatLmStudioIsSimulatedAndSucceeds(String name, @TempDir Path dir) {
    ExampleRun run =
        name.equals("persistent-chat")
            ? ExampleRun.of(name, "--demo", "--session", dir.resolve("chat.db").toString())
            : ExampleRun.of(name, "--demo");

    assertThat(run.exitCode()).as(run.both()).isZero();
    assertThat(run.firstLine()).isEqualTo(Cli.DEMO_NOTICE);
    assertThat(run.output()).doesNotContain("Exception", "LM Studio error");
    assertThat(run.errors()).isEmpty();
  }

  @Test
  void quickstartListsModelsAndPrintsTheAnswerAndItsStats() {
    ExampleRun run = ExampleRun.of("quickstart", "--demo");

    assertThat(run.exitCode()).isZero();
    assertThat(run.lines())
        .containsSubsequence(
            "  qwen/qwen3-4b                            llm",
            "  ibm/granite-4-micro                      llm",
            "  text-embedding-nomic-embed-text-v1.5     embedding",
            "Using qwen/qwen3-4b, the first LLM downloaded; LM Studio loads it on first use"
                + " (--model KEY picks another).",
            "> Why is the sky blue? Answer in one sentence.",
            "You said: Why is the sky blue? Answer in one sentence.");
    assertThat(run.output())
        .containsPattern(
            "qwen/qwen3-4b: 11 input tokens, 27 output tokens, 42[.,]5 tokens/s, first token after"
                + " 0[.,]13 s");
  }

  @Test
  void streamingShowsProgressThenReasoningThenTheAnswerThenStats() {
    ExampleRun run = ExampleRun.of("streaming", "--demo", "Tell", "me", "a", "story");

    assertThat(run.exitCode()).isZero();
    assertThat(run.output())
        .containsSubsequence(
            Cli.DEMO_NOTICE,
            "Using qwen/qwen3-4b, the first LLM downloaded",
            "[loading model]  50%",
            "[loading model] 100%",
            "[model loaded in 1",
            "[processing prompt]  50%",
            "[processing prompt] 100%",
            "[reasoning] The user wrote 15 characters; I will repeat them.\n",
            "[answer] You said: Tell me a story",
            "[stats] 4 input tokens, 20 output tokens (13 reasoning)");
    assertThat(run.output()).doesNotContain("[cancelled]");
  }

  @Test
  void modelLifecycleShowsProgressLineByLineThenLoadsShowsTheConfigAndUnloads() {
    ExampleRun run = ExampleRun.of("model-lifecycle", "--demo", "--context-length", "4096");

    assertThat(run.exitCode()).as(run.both()).isZero();
    assertThat(run.output()).doesNotContain("\r");
    assertThat(run.lines())
        .containsSubsequence(
            "Downloading google/gemma-3-1b ...",
            "[..............................]   0%  ? / 1.9 GB",
            "[###############...............]  50%  962.9 MB / 1.9 GB  50.0 MB/s  ETA 0:20",
            "[##############################] 100%  1.9 GB / 1.9 GB",
            "Downloaded google/gemma-3-1b (1.9 GB).");
    assertThat(run.output())
        .containsSubsequence(
            "Downloaded google/gemma-3-1b (1.9 GB).\n",
            "Loaded google/gemma-3-1b as instance google/gemma-3-1b in 1",
            "  context length:   4096",
            "Unloaded google/gemma-3-1b.");
  }

  @Test
  void mcpPrintsEachToolCallLmStudioMadeWithItsOutput() {
    ExampleRun run = ExampleRun.of("mcp", "--demo", "Find", "models");

    assertThat(run.exitCode()).isZero();
    assertThat(run.output())
        .containsSubsequence(
            "[tool call] huggingface / model_search {query=Find models}",
            "[output]    [{\"type\":\"text\",\"text\":\"model_search found: Find models\"}]",
            "[tool call] mcp/playwright / browser_navigate {query=Find models}",
            "[output]    [{\"type\":\"text\",\"text\":\"browser_navigate found: Find models\"}]",
            "You said: Find models");
  }

  @Test
  void onATerminalTheProgressBarIsRedrawnInPlace() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.PrintStream out = new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8);
    DownloadStatus half =
        new DownloadStatus("job", "downloading", 2048L, 1024L, 512.0, null, null, null);

    ModelLifecycle.progress(half, true, out);
    ModelLifecycle.progress(half, false, out);

    String bar = "[###############...............]  50%  1.0 KB / 2.0 KB  512 B/s  ETA 0:02";
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo("\r" + String.format("%-78s", bar) + bar + "\n");
  }

  @Test
  void persistentChatKeepsTheDemoConversationInMemory() {
    ExampleRun run = ExampleRun.of("persistent-chat", "--demo", "I", "am", "Ada.");

    assertThat(run.exitCode()).as(run.both()).isZero();
    assertThat(run.lines())
        .containsSubsequence(
            "New session \"example\" in memory (--session PATH keeps it in a file).",
            "you: I am Ada.",
            "assistant: You said: I am Ada.");
  }

  @Test
  void persistentChatContinuesWhereTheLastRunLeftOff(@TempDir Path dir) {
    String file = dir.resolve("sub/chat.db").toString();

    ExampleRun first = ExampleRun.of("persistent-chat", "--demo", "--session", file, "I am Ada.");
    ExampleRun second = ExampleRun.of("persistent-chat", "--demo", "--session", file, "Who am I?");

    assertThat(first.exitCode()).isZero();
    assertThat(first.lines())
        .contains(
            "New session \"example\" in " + file + ".",
            "you: I am Ada.",
            "assistant: You said: I am Ada.",
            "(2 turns stored; run again to continue)");
    assertThat(second.exitCode()).isZero();
    assertThat(second.output())
        .containsSubsequence(
            "Continuing session \"example\" in " + file + " with qwen/qwen3-4b (2 turns so far):",
            "  user: I am Ada.",
            "  assistant: You said: I am Ada.",
            "you: Who am I?",
            "assistant: You said: Who am I?",
            "(4 turns stored; run again to continue)");
  }

  @Test
  void embeddingsRankTheCatSentencesFirstForTheQueryAboutACat() {
    ExampleRun run = ExampleRun.of("embeddings", "--demo");

    assertThat(run.exitCode()).isZero();
    assertThat(run.lines())
        .containsSubsequence(
            "Using text-embedding-nomic-embed-text-v1.5, the first embedding model downloaded;"
                + " LM Studio loads it on first use (--model KEY picks another).",
            "Query: Where is my cat napping?",
            "768-dimensional embeddings from text-embedding-nomic-embed-text-v1.5:");
    Pattern line = Pattern.compile("^\\s*(\\d+)\\. (-?\\d+\\.\\d{4})  (.+)$");
    List<Double> scores = new ArrayList<>();
    List<String> sentences = new ArrayList<>();
    for (String text : run.lines()) {
      Matcher m = line.matcher(text);
      if (m.matches()) {
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(scores.size() + 1);
        scores.add(Double.parseDouble(m.group(2)));
        sentences.add(m.group(3));
      }
    }
    assertThat(sentences).containsExactlyInAnyOrderElementsOf(SemanticSearch.SENTENCES);
    assertThat(sentences.subList(0, 2))
        .containsExactlyInAnyOrder(
            "The cat sleeps on the warm windowsill.", "A kitten naps in a patch of sunlight.");
    assertThat(scores).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    assertThat(scores.get(0)).isGreaterThan(scores.get(scores.size() - 1));
  }

  @Test
  void toolCallingPrintsEachCallTheLoopRanAndTheFinalAnswer() {
    ExampleRun run = ExampleRun.of("tool-calling", "--demo", "What", "is", "the", "forecast?");

    assertThat(run.exitCode()).isZero();
    String forecast =
        "{\"city\":\"example city\",\"sky\":\"light rain\",\"highCelsius\":14,"
            + "\"rainChancePercent\":80}";
    assertThat(run.output())
        .containsSubsequence(
            "> What is the forecast?",
            "[tool call] get_forecast {\"city\":\"example city\"} -> " + forecast,
            "The tool returned: " + forecast,
            "(requests: 2, tool calls: 1)");
  }

  @Test
  void structuredOutputPrintsTheRecordsFields() {
    ExampleRun run = ExampleRun.of("structured-output", "--demo");

    assertThat(run.exitCode()).isZero();
    assertThat(run.lines())
        .containsSubsequence(
            "> Recommend one classic science-fiction novel.",
            "title:  example title",
            "author: example author",
            "year:   42",
            "themes: example themes");
  }
}
