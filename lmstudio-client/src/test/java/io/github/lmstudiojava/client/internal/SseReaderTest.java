package io.github.lmstudiojava.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseReaderTest {

  /** A source that hands out one byte per read, as a slow network would. */
  private static final class OneByteAtATime implements Source {
    private final Buffer data;
    int reads;

    OneByteAtATime(byte[] bytes) {
      this.data = new Buffer().write(bytes);
    }

    @Override
    public long read(Buffer sink, long byteCount) {
      if (data.size() == 0) {
        return -1;
      }
      reads++;
      sink.write(data, 1);
      return 1;
    }

    @Override
    public Timeout timeout() {
      return Timeout.NONE;
    }

    @Override
    public void close() {}
  }

  private static List<SseEvent> readAll(BufferedSource source) throws IOException {
    SseReader reader = new SseReader(source);
    List<SseEvent> events = new ArrayList<>();
    SseEvent event;
    while ((event = reader.next()) != null) {
      events.add(event);
    }
    return events;
  }

  private static List<SseEvent> readAll(String text) throws IOException {
    return readAll(new Buffer().writeUtf8(text));
  }

  private static List<SseEvent> readSlowly(String text) throws IOException {
    return readAll(Okio.buffer(new OneByteAtATime(text.getBytes(StandardCharsets.UTF_8))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n", "\r\n", "\r"})
  void everyLineEndingSeparatesFieldsAndEvents(String eol) throws IOException {
    String text =
        "event: chat.start"
            + eol
            + "data: {\"a\":1}"
            + eol
            + eol
            + "event: message.delta"
            + eol
            + "data: {\"b\":2}"
            + eol
            + eol;
    List<SseEvent> expected =
        List.of(
            new SseEvent("chat.start", "{\"a\":1}", null),
            new SseEvent("message.delta", "{\"b\":2}", null));

    assertThat(readAll(text)).isEqualTo(expected);
    assertThat(readSlowly(text)).isEqualTo(expected);
  }

  @Test
  void mixedLineEndingsInOneStreamAreAllHonoured() throws IOException {
    String text = "event: a\r\ndata: 1\r\rdata: 2\n\nevent: c\rdata: 3\r\n\r\n";
    List<SseEvent> expected =
        List.of(
            new SseEvent("a", "1", null),
            new SseEvent(null, "2", null),
            new SseEvent("c", "3", null));

    assertThat(readAll(text)).isEqualTo(expected);
    assertThat(readSlowly(text)).isEqualTo(expected);
  }

  @Test
  void loneCrAtTheEndOfAReadDoesNotWaitForMoreBytes() throws IOException {
    // The reader sees "\r" with nothing buffered after it; it must deliver the event without
    // blocking to find out whether a "\n" follows.
    Buffer buffer = new Buffer().writeUtf8("data: x\r\r");
    SseReader reader = new SseReader(buffer);

    assertThat(reader.next()).isEqualTo(new SseEvent(null, "x", null));
    buffer.writeUtf8("\ndata: y\r\n\r\n");
    assertThat(reader.next()).isEqualTo(new SseEvent(null, "y", null));
    assertThat(reader.next()).isNull();
  }

  @Test
  void multipleDataLinesAreJoinedWithLineFeeds() throws IOException {
    String text = "event: e\ndata: {\ndata:   \"a\": 1\ndata: }\n\n";

    assertThat(readAll(text)).containsExactly(new SseEvent("e", "{\n  \"a\": 1\n}", null));
    assertThat(readSlowly(text.replace("\n", "\r\n")))
        .containsExactly(new SseEvent("e", "{\n  \"a\": 1\n}", null));
  }

  @Test
  void commentsAreSkippedAndCounted() throws IOException {
    SseReader reader =
        new SseReader(
            new Buffer()
                .writeUtf8(": keep-alive\n\n:\ndata: 1\n: inside an event\n\n: trailing\n"));

    assertThat(reader.next()).isEqualTo(new SseEvent(null, "1", null));
    assertThat(reader.comments()).isEqualTo(3);
    assertThat(reader.next()).isNull();
    assertThat(reader.comments()).isEqualTo(4);
  }

  @Test
  void onlyOneLeadingSpaceOfAValueIsDropped() throws IOException {
    assertThat(readAll("event:x\ndata:no space\n\nevent:  two\ndata:  two spaces\n\n"))
        .containsExactly(
            new SseEvent("x", "no space", null), new SseEvent(" two", " two spaces", null));
  }

  @Test
  void valuesMayContainColons() throws IOException {
    assertThat(readAll("data: {\"url\":\"http://x:1\"}\n\n"))
        .containsExactly(new SseEvent(null, "{\"url\":\"http://x:1\"}", null));
  }

  @Test
  void eventWithoutValueIsEmptyAndFieldWithoutColonCountsAsEmpty() throws IOException {
    assertThat(readAll("event:\ndata: {}\n\nevent\ndata\n\n"))
        .containsExactly(new SseEvent("", "{}", null), new SseEvent("", "", null));
  }

  @Test
  void idFieldIsKeptAndAnIdWithNulIsIgnored() throws IOException {
    assertThat(readAll("id: 7\nevent: e\ndata: 1\n\nid: a\0b\ndata: 2\n\n"))
        .containsExactly(new SseEvent("e", "1", "7"), new SseEvent(null, "2", null));
  }

  @Test
  void finalEventWithoutBlankLineIsStillDelivered() throws IOException {
    assertThat(readAll("data: 1\n\nevent: chat.end\ndata: {\"last\":true}"))
        .containsExactly(
            new SseEvent(null, "1", null), new SseEvent("chat.end", "{\"last\":true}", null));
    assertThat(readSlowly("event: chat.end\ndata: 2\n"))
        .containsExactly(new SseEvent("chat.end", "2", null));
  }

  @Test
  void emptyDataLinesAreKept() throws IOException {
    assertThat(readAll("data:\n\ndata: a\ndata:\ndata: b\n\ndata\ndata\n\n"))
        .containsExactly(
            new SseEvent(null, "", null),
            new SseEvent(null, "a\n\nb", null),
            new SseEvent(null, "\n", null));
  }

  @Test
  void unknownFieldsAndRetryAreIgnored() throws IOException {
    assertThat(readAll("retry: 1000\nfoo: bar\nevent: e\nx-custom\ndata: 1\nEvent: other\n\n"))
        .containsExactly(new SseEvent("e", "1", null));
  }

  @Test
  void fieldsWithoutDataDoNotMakeAnEventAndDoNotLeakIntoTheNext() throws IOException {
    assertThat(readAll("event: lonely\nid: 1\n\ndata: 2\n\n"))
        .containsExactly(new SseEvent(null, "2", null));
  }

  @Test
  void blankLinesBetweenEventsProduceNothing() throws IOException {
    assertThat(readAll("\n\n\r\n\rdata: 1\n\n\n\n\ndata: 2\n\n\n"))
        .containsExactly(new SseEvent(null, "1", null), new SseEvent(null, "2", null));
  }

  @Test
  void emptyStreamHasNoEvents() throws IOException {
    assertThat(readAll("")).isEmpty();
    assertThat(readSlowly("\n\n: only a comment\n")).isEmpty();
  }

  @Test
  void multibyteCharactersSplitAcrossReadsSurvive() throws IOException {
    String text = "event: message.delta\ndata: {\"content\":\"héllo 世界 🌍 top‑trending\"}\n\n";
    OneByteAtATime source = new OneByteAtATime(text.getBytes(StandardCharsets.UTF_8));

    List<SseEvent> events = readAll(Okio.buffer(source));

    assertThat(events)
        .containsExactly(
            new SseEvent("message.delta", "{\"content\":\"héllo 世界 🌍 top‑trending\"}", null));
    assertThat(source.reads).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void eventsComeOneAtATimeAsBytesArrive() throws IOException {
    Buffer buffer = new Buffer().writeUtf8("data: 1\n\n");
    SseReader reader = new SseReader(buffer);

    assertThat(reader.next()).isEqualTo(new SseEvent(null, "1", null));
    assertThat(buffer.size()).isZero();
    buffer.writeUtf8("event: e\ndata: 2\n\n");
    assertThat(reader.next()).isEqualTo(new SseEvent("e", "2", null));
    assertThat(reader.next()).isNull();
  }

  @Test
  void repeatedEventNamesAreReadRightWhateverTheLineEndsAndNamesAround() throws IOException {
    String text =
        "event: message.delta\ndata: 1\n\n"
            + "event: message.delta\r\ndata: 2\r\n\r\n"
            + "event: message.delta\rdata: 3\r\r"
            + "event: message\ndata: 4\n\n"
            + "event: message.delta\ndata: 5\n\n"
            + "event:message.deltas\ndata: 6\n\n"
            + "event: message.delt\ndata: 7\n\n"
            + "event: message.delt\ndata: 8\n\n"
            + "event: 東京\ndata: 9\n\n"
            + "event: 東京\ndata: 10\n\n"
            + "event:\ndata: 11\n\n"
            + "data: 12\nevent: message.delt";
    List<String> expected =
        List.of(
            "message.delta",
            "message.delta",
            "message.delta",
            "message",
            "message.delta",
            "message.deltas",
            "message.delt",
            "message.delt",
            "東京",
            "東京",
            "",
            "message.delt");
    for (List<SseEvent> events : List.of(readAll(text), readSlowly(text))) {
      assertThat(events).extracting(SseEvent::event).containsExactlyElementsOf(expected);
      assertThat(events)
          .extracting(SseEvent::data)
          .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12");
    }
  }
}
