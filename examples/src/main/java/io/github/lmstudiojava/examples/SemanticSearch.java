package io.github.lmstudiojava.examples;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.openai.EmbeddingResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Semantic search with an embedding model: embeds a few sentences and a query, and ranks the
 * sentences by cosine similarity to the query.
 *
 * <pre>
 * java -jar examples/target/lmstudio-examples.jar embeddings [--model KEY] [QUERY] [--demo]
 * </pre>
 */
public final class SemanticSearch {
  static final List<String> SENTENCES =
      List.of(
          "The cat sleeps on the warm windowsill.",
          "Stock markets fell sharply after the announcement.",
          "A kitten naps in a patch of sunlight.",
          "The recipe needs two cups of flour and one egg.",
          "Rain is expected across the north tomorrow.",
          "Our team shipped the new release on Friday.",
          "Dogs love long walks in the park.",
          "Bake the bread at 220 degrees for thirty minutes.");

  static final String QUERY = "Where is my cat napping?";

  static final Cli.Usage USAGE =
      new Cli.Usage(
          "embeddings",
          List.of(new Cli.Flag("--model", "KEY", ModelChoice.Kind.EMBEDDING.flagHelp())),
          "QUERY",
          "what to search for (default: \"" + QUERY + "\")");

  private SemanticSearch() {}

  /**
   * Runs the example from the command line.
   *
   * @param args the flags and query
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the example.
   *
   * @param args the flags and query
   * @param out where to print
   * @param err where errors go
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return Cli.run(args, out, err, USAGE, SemanticSearch::example);
  }

  /** A sentence and how similar it is to the query. */
  record Hit(String sentence, double score) {}

  static void example(LmStudio lms, Cli.Args args, PrintStream out) {
    String model = ModelChoice.choose(lms, args, ModelChoice.Kind.EMBEDDING, out);
    String query = args.text(QUERY);

    List<String> inputs = new ArrayList<>(SENTENCES);
    inputs.add(query); // one request embeds the sentences and the query
    EmbeddingResult embeddings = lms.openai().embed(model, inputs.toArray(new String[0]));
    float[] queryVector = embeddings.vector(SENTENCES.size());

    List<Hit> hits = new ArrayList<>();
    for (int i = 0; i < SENTENCES.size(); i++) {
      hits.add(new Hit(SENTENCES.get(i), cosine(queryVector, embeddings.vector(i))));
    }
    hits.sort(Comparator.comparingDouble(Hit::score).reversed());

    out.println("Query: " + query);
    out.println(embeddings.dimensions() + "-dimensional embeddings from " + model + ":");
    for (int rank = 0; rank < hits.size(); rank++) {
      Hit hit = hits.get(rank);
      out.printf(Locale.ROOT, "%2d. %.4f  %s%n", rank + 1, hit.score(), hit.sentence());
    }
  }

  /** Cosine similarity: 1 for the same direction, 0 for unrelated, -1 for opposite. */
  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double normA = 0;
    double normB = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      normA += a[i] * a[i];
      normB += b[i] * b[i];
    }
    return dot / (Math.sqrt(normA) * Math.sqrt(normB));
  }
}
