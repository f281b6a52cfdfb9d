package io.github.lmstudiojava.client.anthropic;

import io.github.lmstudiojava.client.InputItem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One block of a message's content, in Anthropic's Messages API shape: the same types serve
 * requests and results, so an answer's blocks can be sent back as the assistant's turn.
 *
 * <pre>{@code
 * InputMessage.user(ContentBlock.text("What is in this picture?"), ContentBlock.image(Path.of("a.png")));
 * InputMessage.user(ContentBlock.toolResult(toolUse.id(), "15 degrees"));
 * }</pre>
 *
 * <p>LM Studio's docs defer to Anthropic's for these shapes; a block type this client does not know
 * becomes {@link Unknown}, which keeps the raw JSON and is sent back unchanged.
 */
public sealed interface ContentBlock
    permits ContentBlock.Text,
        ContentBlock.Image,
        ContentBlock.ToolUse,
        ContentBlock.ToolResult,
        ContentBlock.Thinking,
        ContentBlock.RedactedThinking,
        ContentBlock.Unknown {

  /**
   * The block's {@code type} on the wire, such as {@code text} or {@code tool_use}.
   *
   * @return the type
   */
  String type();

  /**
   * A text block.
   *
   * @param text the text
   * @return the block
   */
  static Text text(String text) {
    return new Text(text);
  }

  /**
   * An image read from a file now, sent as base64; the type (PNG, JPEG, GIF, WebP, BMP) is
   * recognised from its bytes.
   *
   * @param file the image file
   * @return the block
   * @throws java.io.UncheckedIOException when the file cannot be read
   * @throws IllegalArgumentException when the file is not a recognised image format
   */
  static Image image(Path file) {
    return Image.fromDataUrl(InputItem.image(file).dataUrl());
  }

  /**
   * An image from bytes, sent as base64; the type is recognised from the bytes.
   *
   * @param bytes the encoded image
   * @return the block
   * @throws IllegalArgumentException when the bytes are not a recognised image format
   */
  static Image image(byte[] bytes) {
    return Image.fromDataUrl(InputItem.image(bytes).dataUrl());
  }

  /**
   * An image from bytes of a given media type, sent as base64.
   *
   * @param bytes the encoded image
   * @param mediaType such as {@code image/png}
   * @return the block
   */
  static Image image(byte[] bytes, String mediaType) {
    return Image.fromDataUrl(InputItem.image(bytes, mediaType).dataUrl());
  }

  /**
   * An image the server fetches from a URL.
   *
   * @param url the image's address
   * @return the block
   */
  static Image imageUrl(String url) {
    return new Image(null, null, Objects.requireNonNull(url, "url == null"));
  }

  /**
   * The result of a tool call, as text.
   *
   * @param toolUseId the {@link ToolUse#id()} it answers
   * @param text the result
   * @return the block
   */
  static ToolResult toolResult(String toolUseId, String text) {
    return new ToolResult(toolUseId, List.of(text(text)), null);
  }

  /**
   * The result of a tool call, as blocks (text and images).
   *
   * @param toolUseId the {@link ToolUse#id()} it answers
   * @param content the result
   * @return the block
   */
  static ToolResult toolResult(String toolUseId, List<ContentBlock> content) {
    return new ToolResult(toolUseId, content, null);
  }

  /**
   * A tool call that failed ({@code is_error: true}).
   *
   * @param toolUseId the {@link ToolUse#id()} it answers
   * @param message what went wrong
   * @return the block
   */
  static ToolResult toolError(String toolUseId, String message) {
    return new ToolResult(toolUseId, List.of(text(message)), true);
  }

  /**
   * Text.
   *
   * @param text the text
   */
  record Text(String text) implements ContentBlock {
    /** Checks the text is present. */
    public Text {
      Objects.requireNonNull(text, "text == null");
    }

    @Override
    public String type() {
      return "text";
    }
  }

  /**
   * An image: base64 data with its media type, or a URL.
   *
   * @param mediaType such as {@code image/png}; null for a URL image
   * @param data the base64 data; null for a URL image
   * @param url the address; null for a base64 image
   */
  record Image(String mediaType, String data, String url) implements ContentBlock {
    /** Checks that exactly one source is given. */
    public Image {
      if ((data == null) == (url == null)) {
        throw new IllegalArgumentException("an image needs either data or a url");
      }
      if (data != null && mediaType == null) {
        throw new NullPointerException("mediaType == null");
      }
    }

    static Image fromDataUrl(String dataUrl) {
      int semicolon = dataUrl.indexOf(';');
      return new Image(
          dataUrl.substring(5, semicolon), dataUrl.substring(dataUrl.indexOf(',') + 1), null);
    }

    @Override
    public String type() {
      return "image";
    }

    /** Shows the source, not the whole base64 payload. */
    @Override
    public String toString() {
      return url != null
          ? "Image[url=" + url + "]"
          : "Image[" + mediaType + ", " + data.length() + " base64 chars]";
    }
  }

  /**
   * A tool call the model made.
   *
   * @param id the call's id, to quote in the {@link ToolResult}
   * @param name the tool's name
   * @param input the arguments; whole numbers are {@code Long}, other numbers {@code Double}
   */
  record ToolUse(String id, String name, Map<String, Object> input) implements ContentBlock {
    /** Normalizes missing input to empty. */
    public ToolUse {
      input =
          input == null
              ? Map.of()
              : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(input));
    }

    @Override
    public String type() {
      return "tool_use";
    }
  }

  /**
   * The result of a tool call, sent in a user message.
   *
   * @param toolUseId the {@link ToolUse#id()} it answers
   * @param content the result; a lone text block is sent as a plain string
   * @param isError true when the call failed; null to leave it out
   */
  record ToolResult(String toolUseId, List<ContentBlock> content, Boolean isError)
      implements ContentBlock {
    /** Checks the id and copies the content. */
    public ToolResult {
      Objects.requireNonNull(toolUseId, "toolUseId == null");
      content = content == null ? List.of() : List.copyOf(content);
    }

    @Override
    public String type() {
      return "tool_result";
    }
  }

  /**
   * The model's reasoning, when it shows it.
   *
   * @param thinking the reasoning text
   * @param signature the signature that lets it be sent back; may be null
   */
  record Thinking(String thinking, String signature) implements ContentBlock {
    /** Checks the text is present. */
    public Thinking {
      Objects.requireNonNull(thinking, "thinking == null");
    }

    @Override
    public String type() {
      return "thinking";
    }
  }

  /**
   * Reasoning the server withheld, kept opaque so it can be sent back.
   *
   * @param data the opaque data
   */
  record RedactedThinking(String data) implements ContentBlock {
    @Override
    public String type() {
      return "redacted_thinking";
    }
  }

  /**
   * A block type this client does not know; sent back unchanged.
   *
   * @param type the block's type, or null when it had none
   * @param json the whole block as JSON
   */
  record Unknown(String type, String json) implements ContentBlock {
    /** Checks the JSON is present. */
    public Unknown {
      Objects.requireNonNull(json, "json == null");
    }
  }
}
