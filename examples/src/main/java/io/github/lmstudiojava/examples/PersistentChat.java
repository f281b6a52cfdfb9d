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
 * <p>The file is {@code ~/.lmstudio-java/examples-chat.db} ({@code examples-chat-demo.db} with
 * {@code --demo}) unless {@code --session PATH} names another; {@code --id} picks the conversation.
 */
public final class PersistentChat {
  private PersistentChat() {}

  /**
   * Runs the example from the command line.
   *
   * @param args the flags and message
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  /**
   * Runs the example.
   *
   * @param args the flags and message
   * @param out where to print
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out) {
    return Cli.run(
        args,
        out,
        "persistent-chat [--session PATH] [--id NAME] [--model KEY] [MESSAGE]",
        List.of("--session", "--id", "--model"),
        PersistentChat::example);
  }

  static void example(LmStudio lms, Cli.Args args, PrintStream out) {
    Path home = Path.of(System.getProperty("user.home"), ".lmstudio-java");
    String defaultFile = args.demo() ? "examples-chat-demo.db" : "examples-chat.db";
    Path file = Path.of(args.flag("--session", home.resolve(defaultFile).toString()));
    String id = args.flag("--id", "example");

    try (SessionStore store = SessionStores.sqlite(file)) { // created, with its folders, if new
      ChatSession chat;
      if (store.find(id).isPresent()) {
        chat = ChatSession.open(lms, store, id);
        List<Turn> history = chat.history();
        out.println(
            "Continuing session \""
                + id
                + "\" in "
                + file
                + " ("
                + history.size()
                + " turns so far):");
        for (Turn turn : history) {
          out.println("  " + turn.role().name().toLowerCase(Locale.ROOT) + ": " + turn.content());
        }
      } else {
        chat =
            ChatSession.create(
                lms,
                store,
                NewSession.withId(id)
                    .withModel(args.flag("--model", "qwen/qwen3-4b"))
                    .withSystemPrompt("You are a helpful assistant. Keep answers short."));
        out.println("New session \"" + id + "\" in " + file + ".");
      }

      String message = args.text("Hello! Please remember that my favourite colour is green.");
      out.println("you: " + message);
      ChatReply reply = chat.send(message); // both turns are stored once the model answered
      out.println("assistant: " + reply.text());
      out.println("(" + chat.history().size() + " turns stored; run again to continue)");
    }
  }
}
