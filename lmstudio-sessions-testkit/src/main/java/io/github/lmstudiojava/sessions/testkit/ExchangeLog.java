package io.github.lmstudiojava.sessions.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lmstudiojava.sessions.Role;
import io.github.lmstudiojava.sessions.Session;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.Turn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.LongStream;

/**
 * The exchanges {@link RecordingChild} processes wrote to shared sessions, read back and checked
 * session by session: contiguous turn indices, each question right before its own answer, and, per
 * writer thread, its exchanges in the order it wrote them.
 */
final class ExchangeLog {
  /** The questions of each session, in stored order. */
  private final Map<String, List<String>> questions = new LinkedHashMap<>();

  private ExchangeLog() {}

  /**
   * Reads sessions written with {@link SessionStore#record}: each answer must be its question, an
   * {@code @} and the number of turns stored before that question, the session's version must be
   * its number of exchanges and its last response id the last question.
   */
  static ExchangeLog recorded(SessionStore store, List<String> sessionIds) {
    ExchangeLog log = new ExchangeLog();
    for (String id : sessionIds) {
      List<String> found = log.read(store, id, (question, index) -> question + "@" + index);
      Session session = store.find(id).orElseThrow();
      assertThat(session.version()).as("version of session %s", id).isEqualTo(found.size());
      assertThat(session.lastResponseId())
          .as("last response id of session %s", id)
          .isEqualTo(found.isEmpty() ? null : found.get(found.size() - 1));
    }
    return log;
  }

  /** Reads sessions written with {@link SessionStore#append}: each answer is its question and !. */
  static ExchangeLog appended(SessionStore store, List<String> sessionIds) {
    ExchangeLog log = new ExchangeLog();
    for (String id : sessionIds) {
      log.read(store, id, (question, index) -> question + "!");
    }
    return log;
  }

  private interface Answer {
    String to(String question, long index);
  }

  private List<String> read(SessionStore store, String id, Answer answer) {
    List<Turn> history = store.history(id);
    assertThat(history)
        .extracting(Turn::index)
        .as("turn indices of session %s", id)
        .containsExactlyElementsOf(LongStream.range(0, history.size()).boxed().toList());
    assertThat(history.size() % 2).as("turns of session %s come in pairs", id).isZero();
    List<String> found = new ArrayList<>();
    for (int i = 0; i < history.size(); i += 2) {
      Turn question = history.get(i);
      Turn reply = history.get(i + 1);
      assertThat(question.role()).as("role of turn %s of session %s", i, id).isEqualTo(Role.USER);
      assertThat(reply.role())
          .as("role of turn %s of session %s, after %s", i + 1, id, question.content())
          .isEqualTo(Role.ASSISTANT);
      assertThat(reply.content())
          .as("answer at turn %s of session %s", i + 1, id)
          .isEqualTo(answer.to(question.content(), i));
      found.add(question.content());
    }
    questions.put(id, found);
    return found;
  }

  /** Every question, of every session. */
  List<String> all() {
    return questions.values().stream().flatMap(List::stream).toList();
  }

  /**
   * Checks that no question is stored twice and that, in each session, the exchanges of each writer
   * thread are in the order it wrote them.
   */
  ExchangeLog assertOnceEachInWriterOrder() {
    assertThat(all()).as("questions stored").doesNotHaveDuplicates();
    questions.forEach(
        (id, found) -> {
          Map<String, Integer> last = new LinkedHashMap<>();
          for (String question : found) {
            String writer = writer(question);
            int i = exchange(question);
            Integer before = last.put(writer, i);
            assertThat(before == null || before < i)
                .as("in session %s, %s comes after %s:%s", id, question, writer, before)
                .isTrue();
          }
        });
    return this;
  }

  /**
   * The exchange numbers of one writer thread stored in any session, in ascending order.
   *
   * @param writer {@code NAME:t}
   */
  TreeSet<Integer> exchangesOf(String writer) {
    TreeSet<Integer> found = new TreeSet<>();
    for (String question : all()) {
      if (writer(question).equals(writer)) {
        found.add(exchange(question));
      }
    }
    return found;
  }

  /** {@code NAME:t} of the question {@code NAME:t:i}. */
  static String writer(String question) {
    return question.substring(0, question.lastIndexOf(':'));
  }

  /** {@code i} of the question {@code NAME:t:i}. */
  static int exchange(String question) {
    return Integer.parseInt(question.substring(question.lastIndexOf(':') + 1));
  }
}
