package io.github.lmstudiojava.client.anthropic;

import java.util.Objects;

/**
 * A change to one content block, carried by {@link MessageStreamEvent.ContentBlockDelta}. Shapes
 * follow Anthropic's streaming docs (LM Studio's docs only name the events); an unknown delta type
 * becomes {@link Unknown}.
 */
public sealed interface ContentDelta
    permits ContentDelta.TextDelta,
        ContentDelta.InputJsonDelta,
        ContentDelta.ThinkingDelta,
        ContentDelta.SignatureDelta,
        ContentDelta.Unknown {

  /**
   * The delta's {@code type} on the wire, such as {@code text_delta}.
   *
   * @return the type
   */
  String type();

  /**
   * More text for a text block.
   *
   * @param text the text to append
   */
  record TextDelta(String text) implements ContentDelta {
    /** Checks the text is present. */
    public TextDelta {
      Objects.requireNonNull(text, "text == null");
    }

    @Override
    public String type() {
      return "text_delta";
    }
  }

  /**
   * A fragment of a tool call's input JSON: fragments are split anywhere and only the whole, joined
   * at {@code content_block_stop}, is JSON.
   *
   * @param partialJson the fragment
   */
  record InputJsonDelta(String partialJson) implements ContentDelta {
    /** Checks the fragment is present. */
    public InputJsonDelta {
      Objects.requireNonNull(partialJson, "partialJson == null");
    }

    @Override
    public String type() {
      return "input_json_delta";
    }
  }

  /**
   * More reasoning for a thinking block.
   *
   * @param thinking the text to append
   */
  record ThinkingDelta(String thinking) implements ContentDelta {
    /** Checks the text is present. */
    public ThinkingDelta {
      Objects.requireNonNull(thinking, "thinking == null");
    }

    @Override
    public String type() {
      return "thinking_delta";
    }
  }

  /**
   * The signature of a thinking block, sent just before the block stops.
   *
   * @param signature the signature
   */
  record SignatureDelta(String signature) implements ContentDelta {
    /** Checks the signature is present. */
    public SignatureDelta {
      Objects.requireNonNull(signature, "signature == null");
    }

    @Override
    public String type() {
      return "signature_delta";
    }
  }

  /**
   * A delta type this client does not know; ignored when rebuilding the message.
   *
   * @param type the delta's type, or null when it had none
   * @param json the whole delta as JSON
   */
  record Unknown(String type, String json) implements ContentDelta {}
}
