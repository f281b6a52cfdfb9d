package io.github.lmstudiojava.mcp;

import io.github.lmstudiojava.client.ChatEvent;

/** Turns LM Studio's native chat events into progress notifications and log milestones. */
final class EventProgress {
  private final ToolCall call;
  private int reasoningTokens;
  private int answerTokens;

  EventProgress(ToolCall call) {
    this.call = call;
  }

  void on(ChatEvent event) {
    Progress p = call.progress();
    p.heardFromLmStudio();
    if (event instanceof ChatEvent.ModelLoadStart e) {
      call.log().info("loading " + e.modelInstanceId() + " for the answer");
    } else if (event instanceof ChatEvent.ModelLoadEnd e) {
      call.log().info("loaded " + e.modelInstanceId());
    } else if (event instanceof ChatEvent.ToolCallFailure e) {
      call.log().warn("tool call failed: " + e.reason());
    }
    if (p.enabled()) {
      report(p, event); // without a progress token nothing is sent, so no message is made
    }
  }

  private void report(Progress p, ChatEvent event) {
    if (event instanceof ChatEvent.ModelLoadStart e) {
      p.milestone("loading " + e.modelInstanceId());
    } else if (event instanceof ChatEvent.ModelLoadProgress e) {
      p.update("loading model " + Decimals.fixed(e.progress() * 100, 0) + "%");
    } else if (event instanceof ChatEvent.ModelLoadEnd) {
      p.milestone("model loaded");
    } else if (event instanceof ChatEvent.PromptProcessingProgress e) {
      p.update("processing prompt " + Decimals.fixed(e.progress() * 100, 0) + "%");
    } else if (event instanceof ChatEvent.ReasoningDelta) {
      reasoningTokens++;
      p.update("thinking: " + reasoningTokens + " tokens");
    } else if (event instanceof ChatEvent.MessageDelta) {
      answerTokens++;
      p.update("answering: " + answerTokens + " tokens");
    } else if (event instanceof ChatEvent.ToolCallStart e) {
      p.milestone("calling tool " + e.tool());
    } else if (event instanceof ChatEvent.ToolCallSuccess e) {
      p.milestone("tool " + e.tool() + " answered");
    } else if (event instanceof ChatEvent.ToolCallFailure e) {
      p.milestone("a tool call failed: " + e.reason());
    }
  }

  /** Counts a token of an OpenAI-compatible stream, as {@code chat send} reads one. */
  void token() {
    Progress p = call.progress();
    p.heardFromLmStudio();
    if (p.enabled()) {
      answerTokens++;
      p.update("answering: " + answerTokens + " tokens");
    }
  }
}
