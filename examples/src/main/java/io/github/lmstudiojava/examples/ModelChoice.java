package io.github.lmstudiojava.examples;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.Model;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * Which model an example uses when {@code --model} names none: a loaded model of the kind it needs,
 * else the first one on disk that LM Studio lists (LM Studio loads it on the first request that
 * names it). Says which it took and how to choose another; when LM Studio has no model of that
 * kind, fails with how to get one.
 */
public final class ModelChoice {
  private ModelChoice() {}

  /** The kinds of model the examples need, and how to get one. */
  public enum Kind {
    /** A model that writes text. */
    LLM("LLM", "lms get ibm/granite-4-micro"),
    /** A model that turns text into vectors. */
    EMBEDDING("embedding model", "lms get nomic-embed-text-v1.5"),
    /** An LLM that also reads images. */
    VISION("vision model", "lms get qwen/qwen3-vl-4b");

    private final String noun;
    private final String download;

    Kind(String noun, String download) {
      this.noun = noun;
      this.download = download;
    }

    /**
     * Whether a model is of this kind.
     *
     * @param model a model LM Studio listed
     * @return true when it fits
     */
    public boolean fits(Model model) {
      switch (this) {
        case EMBEDDING:
          return model.isEmbedding();
        case VISION:
          return model.isLlm()
              && model.capabilities() != null
              && model.capabilities().supportsVision();
        default:
          return model.isLlm();
      }
    }

    /**
     * The help of the {@code --model} flag for an example that needs this kind.
     *
     * @return the help, with the default
     */
    public String flagHelp() {
      return "the "
          + noun
          + " to use (default: a loaded one, else the first one downloaded, which LM Studio"
          + " loads on first use)";
    }
  }

  /**
   * The model named by {@code --model}, else one LM Studio has.
   *
   * @param lms the client
   * @param args the command line
   * @param kind the kind needed
   * @param out where to say which model was taken
   * @return the model key
   * @throws Cli.Failure when {@code --model} names none and LM Studio has no model of that kind
   */
  public static String choose(LmStudio lms, Cli.Args args, Kind kind, PrintStream out) {
    String named = args.flag("--model", null);
    return named != null ? named : choose(lms.models().list(), args, kind, out);
  }

  /**
   * The model named by {@code --model}, else one of the models given.
   *
   * @param models the models LM Studio listed
   * @param args the command line
   * @param kind the kind needed
   * @param out where to say which model was taken
   * @return the model key
   * @throws Cli.Failure when {@code --model} names none and no model given is of that kind
   */
  public static String choose(List<Model> models, Cli.Args args, Kind kind, PrintStream out) {
    String named = args.flag("--model", null);
    if (named != null) {
      return named;
    }
    List<Model> fitting = models.stream().filter(kind::fits).toList();
    Optional<Model> loaded = fitting.stream().filter(Model::isLoaded).findFirst();
    if (loaded.isPresent()) {
      out.println(
          "Using "
              + loaded.get().key()
              + ", a loaded "
              + kind.noun
              + " (--model KEY picks another).");
      return loaded.get().key();
    }
    if (fitting.isEmpty()) {
      throw new Cli.Failure(
          "LM Studio has no "
              + kind.noun
              + ": download one with `"
              + kind.download
              + "` or in the LM Studio app (Discover tab), or name one with --model KEY.");
    }
    String first = fitting.get(0).key();
    out.println(
        "Using "
            + first
            + ", the first "
            + kind.noun
            + " downloaded; LM Studio loads it on first use (--model KEY picks another).");
    return first;
  }
}
