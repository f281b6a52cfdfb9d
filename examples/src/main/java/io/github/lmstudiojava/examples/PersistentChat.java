package io.github.lmstudiojava.examples;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.sessions.ChatReply;
import io.github.lmstudiojava.sessions.ChatSession;
import io.github.lmstudiojava.sessions.NewSession;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.SessionStores;
import io.github.lmstudiojava.sessions.Turn;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A conversation kept in a SQLite file: each run adds one exchange and the next run continues where
 * it left off, the model seeing everything said before.
 *
 * <pre>
 * java -jar examples/target/lmstudio-examples.jar persistent-chat "My name is Ada."
 * java -jar examples/target/lmstudio-examples.jar persistent-chat "What is my name?"
 * </pre>
 *
 * <p>The file is {@code ~/.lmstudio-java/examples-chat.db} unless {@code --session PATH} names
 * another ({@code --demo} keeps the conversation in memory unless given {@code --session}); {@code
 * --id} picks the conversation, and {@code --model} switches it to another model.
 */
public final class PersistentChat {
  static final Path FILE =
      Path.of(System.getProperty("user.home"), ".lmstudio-java", "examples-chat.db");

  static final String MESSAGE = "Hello! Please remember that my favourite colour is green.";

  static final Cli.Usage USAGE =
      new Cli.Usage(
          "persistent-chat",
          List.of(
              new Cli.Flag(
                  "--session",
                  "PATH",
                  "the SQLite file holding the conversation (default: ~/.lmstudio-java/"
                      + FILE.getFileName()
                      + "; with --demo, none: the conversation stays in memory)"),
              new Cli.Flag("--id", "NAME", "which conversation in that file (default: example)"),
              new Cli.Flag(
                  "--model",
                  "KEY",
                  "the LLM to talk to; on a stored conversation, switches it to that model"
                      + " (default: the conversation's model; for a new one, a loaded LLM, else"
                      + " the first one downloaded, which LM Studio loads on first use)")),
          "MESSAGE",
          "what to say (default: \"" + MESSAGE + "\")");

  private PersistentChat() {}

  /**
   * Runs the example from the command line.
   *
   * @param args the flags and message
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the example.
   *
   * @param args the flags and message
   * @param out where to print
   * @param err where errors go
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return Cli.run(args, out, err, USAGE, PersistentChat::example);
  }

  static void example(LmStudio lms, Cli.Args args, PrintStream out) {
    String file = args.flag("--session", args.demo() ? null : FILE.toString());
    String id = args.flag("--id", "example");

    // Created, with its folders, if new. The demo keeps nothing unless told where.
    try (SessionStore store =
        file == null ? SessionStores.inMemory() : SessionStores.sqlite(Path.of(file))) {
      String where = file == null ? "memory (--session PATH keeps it in a file)" : file;
      ChatSession chat = open(lms, store, id, where, args, out);

      String message = args.text(MESSAGE);
      out.println("you: " + message);
      ChatReply reply = chat.send(message); // both turns are stored once the model answered
      out.println("assistant: " + reply.text());
      out.println("(" + chat.history().size() + " turns stored; run again to continue)");
    }
  }

  /** The stored conversation, switched to {@code --model} if given, or a new one. */
  private static ChatSession open(
      LmStudio lms, SessionStore store, String id, String where, Cli.Args args, PrintStream out) {
    if (store.find(id).isEmpty() || store.history(id).isEmpty()) {
      // No turns: new, or left by a first run that failed, perhaps for its model. Start afresh.
      store.delete(id);
      String model = ModelChoice.choose(lms, args, ModelChoice.Kind.LLM, out);
      out.println("New session \"" + id + "\" in " + where + ".");
      return ChatSession.create(
          lms,
          store,
          NewSession.withId(id)
              .withModel(model)
              .withSystemPrompt("You are a helpful assistant. Keep answers short."));
    }
    ChatSession chat = ChatSession.open(lms, store, id);
    String stored = chat.session().model();
    String named = args.flag("--model", null);
    if (named != null && !named.equals(stored)) {
      chat.model(named); // stored: the next runs talk to it too
      out.println(
          "Session \"" + id + "\" now talks to " + named + " (it talked to " + stored + ").");
    } else if (named == null && lms.models().find(stored).isEmpty()) {
      throw new Cli.Failure(
          "Session \""
              + id
              + "\" talks to "
              + stored
              + ", which LM Studio does not have (any more): rerun with --model KEY to continue"
              + " it with another model (`lms ls` lists them).");
    }
    List<Turn> history = chat.history();
    out.println(
        "Continuing session \""
            + id
            + "\" in "
            + where
            + " with "
            + chat.session().model()
            + " ("
            + history.size()
            + " turns so far):");
    for (Turn turn : history) {
      out.println("  " + turn.role().name().toLowerCase(Locale.ROOT) + ": " + turn.content());
    }
    return chat;
  }
}
