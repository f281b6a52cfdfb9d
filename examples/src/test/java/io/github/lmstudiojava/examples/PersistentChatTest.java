package io.github.lmstudiojava.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.testing.FakeLmStudio;
import io.github.lmstudiojava.testing.FakeModel;
import io.github.lmstudiojava.testing.FakeRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model of a stored conversation: chosen once, switched with --model, never stuck. */
class PersistentChatTest {
  private final FakeLmStudio server = Catalogue.start(Catalogue.usual());

  @TempDir Path dir;

  @AfterEach
  void stop() {
    server.close();
  }

  private ExampleRun chat(FakeLmStudio fake, String... args) {
    String[] withSession = new String[args.length + 3];
    withSession[0] = "persistent-chat";
    withSession[1] = "--session";
    withSession[2] = dir.resolve("chat.db").toString();
    System.arraycopy(args, 0, withSession, 3, args.length);
    return Catalogue.run(fake, withSession);
  }

  private List<FakeRequest> chats(FakeLmStudio fake) {
    return fake.requests().stream()
        .filter(r -> r.line().equals("POST /v1/chat/completions"))
        .toList();
  }

  @Test
  void aFirstRunThatFailedLeavesNoModelBehind() {
    ExampleRun failed = chat(server, "--model", "qwen/qwen3-4b", "Hi");
    ExampleRun next = chat(server, "Hi");

    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.errors()).startsWith("LM Studio error: ").contains("qwen/qwen3-4b");
    assertThat(next.exitCode()).as(next.both()).isZero();
    assertThat(next.output())
        .containsSubsequence(
            "Using ibm/granite-4-micro, a loaded LLM (--model KEY picks another).",
            "New session \"example\" in " + dir.resolve("chat.db") + ".",
            "assistant: You said: Hi",
            "(2 turns stored; run again to continue)");
    List<FakeRequest> chats = chats(server);
    assertThat(chats.get(chats.size() - 1).json()).containsEntry("model", Catalogue.LOADED_LLM);
  }

  @Test
  void theModelFlagSwitchesAStoredConversationForThisRunAndTheNext() {
    ExampleRun first = chat(server, "First");
    ExampleRun second = chat(server, "--model", Catalogue.OTHER_LLM, "Second");
    ExampleRun third = chat(server, "Third");

    assertThat(first.exitCode()).as(first.both()).isZero();
    assertThat(second.exitCode()).as(second.both()).isZero();
    assertThat(second.output())
        .contains(
            "Session \"example\" now talks to meta/llama-3.2-3b (it talked to"
                + " ibm/granite-4-micro).");
    assertThat(third.exitCode()).as(third.both()).isZero();
    assertThat(third.output())
        .contains(
            "Continuing session \"example\" in "
                + dir.resolve("chat.db")
                + " with meta/llama-3.2-3b (4 turns so far):");
    List<FakeRequest> chats = chats(server);
    assertThat(chats)
        .extracting(r -> r.json().get("model"))
        .containsExactly(Catalogue.LOADED_LLM, Catalogue.OTHER_LLM, Catalogue.OTHER_LLM);
    assertThat(chats.get(1).json().get("messages").toString())
        .contains("First", "You said: First", "Second");
  }

  @Test
  void aStoredModelLmStudioNoLongerHasGetsAHintAndNothingIsSent() {
    try (FakeLmStudio before =
        Catalogue.start(List.of(FakeModel.llm("acme/gone-1b").loaded(true).build()))) {
      assertThat(chat(before, "First").exitCode()).isZero();
    }

    ExampleRun run = chat(server, "Second");
    ExampleRun switched = chat(server, "--model", Catalogue.LOADED_LLM, "Second");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errors())
        .isEqualTo(
            "Session \"example\" talks to acme/gone-1b, which LM Studio does not have (any more):"
                + " rerun with --model KEY to continue it with another model (`lms ls` lists"
                + " them).\n");
    assertThat(run.output()).doesNotContain("you: ");
    assertThat(switched.exitCode()).as(switched.both()).isZero();
    assertThat(switched.output()).contains("(4 turns stored; run again to continue)");
    assertThat(Catalogue.lines(server))
        .startsWith("GET /api/v1/models")
        .filteredOn(line -> line.startsWith("POST"))
        .containsExactly("POST /v1/chat/completions");
  }
}
