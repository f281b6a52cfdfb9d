package io.github.lmstudiojava.testing;

import io.github.lmstudiojava.client.ChatRequest;
import io.github.lmstudiojava.client.ChatStream;
import io.github.lmstudiojava.client.EventStream;
import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.Timeouts;
import io.github.lmstudiojava.client.anthropic.Message;
import io.github.lmstudiojava.client.anthropic.MessageRequest;
import io.github.lmstudiojava.client.anthropic.MessageStreamEvent;
import io.github.lmstudiojava.client.openai.ChatCompletion;
import io.github.lmstudiojava.client.openai.ChatCompletionChunk;
import io.github.lmstudiojava.client.openai.ChatCompletionRequest;
import io.github.lmstudiojava.client.openai.EmbeddingRequest;
import io.github.lmstudiojava.client.openai.ResponseEvent;
import io.github.lmstudiojava.client.openai.ResponseRequest;
import io.github.lmstudiojava.client.openai.ResponseResult;

/**
 * One client call of the fault matrix: how to make it (with the fault's short limits, or with the
 * client's own when {@code limits} is null), what it sends, whether the client retries it, and, for
 * streams, a scripted beginning whose text is {@link #PARTIAL}.
 */
enum FaultSurface {
  NATIVE_CHAT("POST /api/v1/chat", false, false) {
    @Override
    String call(LmStudio lms, String jobId, Timeouts limits) {
      return lms.chat(ChatRequest.of(MODEL, TEXT).toBuilder().timeouts(limits).build()).text();
    }
  },
  NATIVE_CHAT_STREAM("POST /api/v1/chat", true, false) {
    @Override
    String call(LmStudio lms, String jobId, Timeouts limits) {
      try (ChatStream stream =
          lms.streamChat(ChatRequest.of(MODEL, TEXT).toBuilder().timeouts(limits).build())) {
        stream.forEach(event -> {});
        return stream.result().text();
      }
    }

    @Override
    SseBody tokens() {
      return new SseBody()
          .chatStart(MODEL)
          .promptProcessingStart()
          .promptProcessingEnd()
          .messageStart()
          .messageDelta("Partial")
          .messageDelta(" text");
    }

    @Override
    SseBody malformed(SseBody body) {
      return body.event("message.delta", "{\"type\":\"message.delta\",\"content\":");
    }
  },
  OPENAI_CHAT("POST /v1/chat/completions", false, false) {
    @Override
    String call(LmStudio lms, String jobId, Timeouts limits) {
      return lms.openai()
          .chatCompletion(
              ChatCompletionRequest.of(MODEL, TEXT).toBuilder().timeouts(limits).build())
          .text();
    }
  },
  OPENAI_CHAT_STREAM("POST /v1/chat/completions", true, false) {
    @Override
    String call(LmStudio lms, String jobId, Timeouts limits) {
      ChatCompletionRequest request =
          ChatCompletionRequest.of(MODEL, TEXT).toBuilder().timeouts(limits).build();
      try (EventStream<ChatCompletionChunk, ChatCompletion> stream =
          lms.openai().streamChatCompletion(request)) {
        stream.forEach(chunk -> {});
        return stream.result().text();
      }
    }

    @Override
    SseBody tokens() {
      return new SseBody()
          .data(chunk("{\"role\":\"assistant\",\"content\":\"Partial\"}"))
          .data(chunk("{\"content\":\" text\"}"));
    }

    @Override
    SseBody malformed(SseBody body) {
      return body.data("{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":");
    }

    private String chunk(String delta) {
      return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
          + "\"model\":\""
          + MODEL
          + "\",\"choices\":[{\"index\":0,\"delta\":"
          + delta
          + ",\"finish_reason\":null}]}";
    }
  },
  RESPONSES("POST /v1/responses", false, false) {
    @Override
    String call(LmStudio lms, String jobId, Timeouts limits) {
      return lms.openai()
          .response(ResponseRequest.of(MODEL, TEXT).toBuilder().timeouts(limits).build())
          .text();
    }
  },
  RESPONSES_STREAM("POST /v1/responses", true, false) {
    @Override
    String call(LmStudio lms, String jobId, Timeouts limits) {
      ResponseRequest request =
          ResponseRequest.of(MODEL, TEXT).toBuilder().timeouts(limits).build();
      try (EventStream<ResponseEvent, ResponseResult> stream =
          lms.openai().streamResponse(request)) {
        stream.forEach(event -> {});
        return stream.result().text();
      }
    }

    @Override
    SseBody tokens() {
      return new SseBody()
          .event(
              "response.created",
              "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_1\","
                  + "\"object\":\"response\",\"created_at\":1,\"status\":\"in_progress\","
                  + "\"model\":\""
                  + MODEL
                  + "\",\"output\":[]}}")
          .event(
              "response.output_item.added",
              "{\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,"
                  + "\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"in_progress\","
                  + "\"role\":\"assistant\",\"content\":[]}}")
          .event("response.output_text.delta", delta(2, "Partial"))
          .event("response.output_text.delta", delta(3, " text"));
    }

    @Override
    SseBody malformed(SseBody body) {
      return body.event("response.output_text.delta", "{\"type\":\"response.output_text.delta\",");
    }

    private String delta(int sequence, String text) {
      return "{\"type\":\"response.output_text.delta\",\"sequence_number\":"
          + sequence
          + ",\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\""
          + text
          + "\"}";
    }
  },
  ANTHROPIC_MESSAGES("POST /v1/messages", false, false) {
    @Override
    String call(LmStudio lms, String jobId, Timeouts limits) {
      return lms.anthropic()
          .messages(MessageRequest.of(MODEL, TEXT).toBuilder().timeouts(limits).build())
          .text();
    }
  },
  ANTHROPIC_MESSAGES_STREAM("POST /v1/messages", true, false) {
    @Override
    String call(LmStudio lms, String jobId, Timeouts limits) {
      MessageRequest request = MessageRequest.of(MODEL, TEXT).toBuilder().timeouts(limits).build();
      try (EventStream<MessageStreamEvent, Message> stream =
          lms.anthropic().streamMessages(request)) {
        stream.forEach(event -> {});
        return stream.result().text();
      }
    }

    @Override
    SseBody tokens() {
      return new SseBody()
          .anthropicEvent(
              "message_start",
              "\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                  + "\"model\":\""
                  + MODEL
                  + "\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
                  + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}")
          .anthropicEvent(
              "content_block_start",
              "\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}")
          .anthropicEvent(
              "content_block_delta",
              "\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Partial\"}")
          .anthropicEvent(
              "content_block_delta",
              "\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" text\"}");
    }

    @Override
    SseBody malformed(SseBody body) {
      return body.event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":");
    }
  },
  EMBEDDINGS("POST /v1/embeddings", false, false) {
    @Override
    String call(LmStudio lms, String jobId, Timeouts limits) {
      EmbeddingRequest request =
          EmbeddingRequest.of(FakeModel.EMBEDDING, TEXT).toBuilder().timeouts(limits).build();
      return "dimensions " + lms.openai().embed(request).dimensions();
    }
  },
  MODELS_LIST("GET /api/v1/models", false, true) {
    @Override
    String call(LmStudio lms, String jobId, Timeouts limits) {
      return "models " + lms.models().list().size();
    }
  },
  DOWNLOAD_STATUS("GET /api/v1/models/download/status/" + FaultSurface.JOB_ID, false, true) {
    @Override
    String call(LmStudio lms, String jobId, Timeouts limits) {
      return "job " + lms.models().downloadStatus(jobId).jobId();
    }
  };

  static final String MODEL = FakeModel.LOADED_LLM;
  static final String TEXT = "Hello world";

  /** The text of the scripted stream beginnings. */
  static final String PARTIAL = "Partial text";

  /** The fake's first download job, started before the fault by {@link #prepare}. */
  static final String JOB_ID = "job_493c7c9ded";

  final String line;
  final boolean stream;
  final boolean retried;

  FaultSurface(String line, boolean stream, boolean retried) {
    this.line = line;
    this.stream = stream;
    this.retried = retried;
  }

  /**
   * Makes the call.
   *
   * @return a text that shows the call succeeded
   */
  abstract String call(LmStudio lms, String jobId, Timeouts limits);

  /** Sets the fake up for the call: starts a download for the status polls; nothing otherwise. */
  String prepare(LmStudio lms) {
    return this == DOWNLOAD_STATUS ? lms.models().download(FakeModel.DOWNLOADABLE).jobId() : null;
  }

  /** What the fake's own answer gives, after a fault. */
  String expectedAnswer() {
    switch (this) {
      case EMBEDDINGS:
        return "dimensions 768";
      case MODELS_LIST:
        return "models 5";
      case DOWNLOAD_STATUS:
        return "job " + JOB_ID;
      default:
        return "You said: " + TEXT;
    }
  }

  /** An error body with this message, in the shape of the surface's API. */
  String errorBody(String message) {
    if (line.startsWith("POST /v1/messages")) {
      return "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\""
          + message
          + "\"}}";
    }
    if (line.contains(" /v1/")) {
      return "{\"error\":{\"message\":\""
          + message
          + "\",\"type\":\"server_error\",\"param\":null,\"code\":null}}";
    }
    return "{\"error\":{\"type\":\"internal_error\",\"message\":\"" + message + "\"}}";
  }

  /** A stream's first events, carrying the tokens {@code "Partial"} and {@code " text"}. */
  SseBody tokens() {
    throw new UnsupportedOperationException(this + " does not stream");
  }

  /** The body with an event appended whose JSON is cut short. */
  SseBody malformed(SseBody body) {
    throw new UnsupportedOperationException(this + " does not stream");
  }
}
