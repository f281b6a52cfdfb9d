/**
 * Test support for code that uses {@code lmstudio-client}: a fake LM Studio server, SSE body
 * builders and an event recorder.
 *
 * <p>{@link io.github.lmstudiojava.testing.FakeLmStudio} serves LM Studio's native REST API
 * deterministically on a local port, so a test needs neither LM Studio nor a model:
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
 * <p>{@link io.github.lmstudiojava.testing.SseBody} builds event streams to script with {@link
 * io.github.lmstudiojava.testing.FakeReply#sse}, or to replay with {@code ChatStream.replay};
 * {@link io.github.lmstudiojava.testing.ChatEventRecorder} records the events pushed to a listener.
 */
package io.github.lmstudiojava.testing;
