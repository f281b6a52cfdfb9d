package io.github.lmstudiojava.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import io.github.lmstudiojava.client.LmStudio;
import java.util.List;
import java.util.Set;

/** What {@link LmStudioChatModel} and {@link LmStudioStreamingChatModel} share. */
abstract class LmStudioModel {
  final LmStudio lms;
  final Translation.Settings settings;
  private final ChatRequestParameters defaults;
  private final List<ChatModelListener> listeners;

  LmStudioModel(ModelSettings<?> builder) {
    builder.check();
    this.lms = builder.lmStudio;
    this.defaults = builder.parameters();
    this.settings = builder.settings();
    this.listeners = List.copyOf(builder.listeners);
  }

  /**
   * The parameters of every request, from the builder: model, temperature, top-p, top-k, maximum
   * output tokens.
   *
   * @return the parameters
   */
  public ChatRequestParameters defaultRequestParameters() {
    return defaults;
  }

  /**
   * The listeners given to the builder.
   *
   * @return the listeners
   */
  public List<ChatModelListener> listeners() {
    return listeners;
  }

  /**
   * LangChain4j has no constant for LM Studio.
   *
   * @return {@link ModelProvider#OTHER}
   */
  public ModelProvider provider() {
    return ModelProvider.OTHER;
  }

  /**
   * What LangChain4j may ask beyond text: answers to a JSON schema.
   *
   * @return the capabilities
   */
  public Set<Capability> supportedCapabilities() {
    return Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
  }
}
