/**
 * Test support for code that uses {@code lmstudio-client}: a fake LM Studio server, SSE body
 * builders and an event recorder.
 *
 * <p>{@link io.github.lmstudiojava.testing.FakeLmStudio} serves LM Studio's native REST API, its
 * OpenAI- and Anthropic-compatible endpoints and the legacy v0 API deterministically on a local
 * port, so a test needs neither LM Studio nor a model:
 *
 * <pre>{@code
 * class SummarizerTest {
 *   @Test
 *   void summarizerAsksTheLoadedModel() {
 *     try (FakeLmStudio fake = FakeLmStudio.builder().apiToken("test-token").start()) {
 *       Summarizer summarizer = new Summarizer(fake.client());     // your code under test
 *
 *       String summary = summarizer.summarize("a long text");
 *
 *       assertThat(summary).contains("a long text");               // the fake echoes its input
 *       FakeRequest sent = fake.takeRequest();
 *       assertThat(sent.line()).isEqualTo("POST /api/v1/chat");
 *       assertThat(sent.json()).containsEntry("model", FakeModel.LOADED_LLM);
 *     }
 *   }
 *
 *   @Test
 *   void summarizerReportsABrokenStream() {
 *     try (FakeLmStudio fake = FakeLmStudio.start()) {
 *       fake.enqueueChat(FakeReply.cutAfter(3));                   // drop the connection mid-way
 *       assertThatThrownBy(() -> new Summarizer(fake.client()).summarize("text"))
 *           .isInstanceOf(LmStudioStreamException.class);
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>Any OpenAI or Anthropic client can point at it too: give it {@code fake.url() + "/v1"}
 * (OpenAI) or {@code fake.url()} (Anthropic). Chat completions answer {@code You said: <last user
 * text>}, call an offered tool when the user text names it (arguments generated from the tool's
 * JSON schema), answer a {@code json_schema} response format with JSON that matches it, and report
 * tool results; embeddings are deterministic unit vectors; Responses and Messages stream the named
 * events of OpenAI's and Anthropic's references:
 *
 * <pre>{@code
 * String body = "{\"model\":\"ibm/granite-4-micro\",\"stream\":true,"
 *     + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
 * // POST fake.url() + "/v1/chat/completions" with any HTTP client, then:
 * assertThat(fake.takeRequest().json()).containsEntry("stream", true);
 * fake.enqueue(FakeReply.cutAfter(2));   // the next answer, on any path, breaks after 2 chunks
 * }</pre>
 *
 * <p>{@link io.github.lmstudiojava.testing.SseBody} builds event streams (native, OpenAI {@code
 * data:} chunks and {@code [DONE]}, Anthropic named events) to script with {@link
 * io.github.lmstudiojava.testing.FakeReply#sse}, or to replay with {@code ChatStream.replay};
 * {@link io.github.lmstudiojava.testing.ChatEventRecorder} records the events pushed to a listener.
 */
package io.github.lmstudiojava.testing;
