package io.github.lmstudiojava.langchain4j;

import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import io.github.lmstudiojava.client.ChatStats;
import java.util.Objects;

/**
 * What LM Studio said about an answer besides its text: the usual id, model, token usage and finish
 * reason, and for answers of the native chat its stats (tokens per second, time to first token,
 * model load time, reasoning tokens) and the response id to continue from.
 */
public class LmStudioChatResponseMetadata extends ChatResponseMetadata {
  private final Route route;
  private final ChatStats stats;

  /** Which of LM Studio's APIs answered. */
  public enum Route {
    /** {@code POST /api/v1/chat}: one turn, with stats, reasoning control and context length. */
    NATIVE,
    /** {@code POST /v1/chat/completions}: histories, tools and JSON schemas. */
    OPENAI_COMPATIBLE
  }

  private LmStudioChatResponseMetadata(Builder builder) {
    super(builder);
    this.route = builder.route;
    this.stats = builder.stats;
  }

  /**
   * Which API answered.
   *
   * @return the route
   */
  public Route route() {
    return route;
  }

  /**
   * LM Studio's stats of a native chat.
   *
   * @return the stats; null for an answer of the OpenAI-compatible API
   */
  public ChatStats stats() {
    return stats;
  }

  @Override
  public Builder toBuilder() {
    Builder builder = new Builder();
    toBuilder(builder);
    return builder.route(route).stats(stats);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LmStudioChatResponseMetadata)) {
      return false;
    }
    LmStudioChatResponseMetadata other = (LmStudioChatResponseMetadata) o;
    return super.equals(o) && route == other.route && Objects.equals(stats, other.stats);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), route, stats);
  }

  @Override
  public String toString() {
    return "LmStudioChatResponseMetadata{id="
        + id()
        + ", modelName="
        + modelName()
        + ", tokenUsage="
        + tokenUsage()
        + ", finishReason="
        + finishReason()
        + ", route="
        + route
        + ", stats="
        + stats
        + "}";
  }

  /**
   * A builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link LmStudioChatResponseMetadata}. */
  public static class Builder extends ChatResponseMetadata.Builder<Builder> {
    private Route route = Route.NATIVE;
    private ChatStats stats;

    /** An empty builder. */
    public Builder() {}

    /**
     * Sets the route.
     *
     * @param route which API answered
     * @return this builder
     */
    public Builder route(Route route) {
      this.route = route;
      return this;
    }

    /**
     * Sets the stats.
     *
     * @param stats LM Studio's stats, or null
     * @return this builder
     */
    public Builder stats(ChatStats stats) {
      this.stats = stats;
      return this;
    }

    @Override
    public LmStudioChatResponseMetadata build() {
      return new LmStudioChatResponseMetadata(this);
    }
  }
}
