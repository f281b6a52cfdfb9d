package io.github.lmstudiojava.client.openai;

import java.util.Objects;

/**
 * One content part of a message given as input to {@code POST /v1/responses}: text or an image.
 *
 * <p>Sent as OpenAI's {@code {"type":"input_text","text":...}} and {@code
 * {"type":"input_image","image_url":...}} parts (LM Studio's docs only show plain-text input and
 * refer to OpenAI's reference for the rest). Text parts of an assistant message are sent as {@code
 * output_text}, as OpenAI expects when earlier answers are replayed.
 */
public sealed interface ResponseInputContent
    permits ResponseInputContent.Text, ResponseInputContent.Image {

  /**
   * A text part.
   *
   * @param text the text
   * @return the part
   */
  static Text text(String text) {
    return new Text(text);
  }

  /**
   * An image part, by URL; LM Studio needs the image inline, as a {@code data:image/...;base64,}
   * URL.
   *
   * @param imageUrl the data URL (or any URL the server can read)
   * @return the part
   */
  static Image image(String imageUrl) {
    return new Image(imageUrl, null);
  }

  /**
   * Text.
   *
   * @param text the text
   */
  record Text(String text) implements ResponseInputContent {
    /** Checks the text. */
    public Text {
      Objects.requireNonNull(text, "text == null");
    }
  }

  /**
   * An image.
   *
   * @param imageUrl the image as a data URL, or a URL
   * @param detail OpenAI's {@code detail} level ({@code low}, {@code high}, {@code auto}); may be
   *     null
   */
  record Image(String imageUrl, String detail) implements ResponseInputContent {
    /** Checks the URL. */
    public Image {
      Objects.requireNonNull(imageUrl, "imageUrl == null");
    }

    /**
     * A copy with a detail level.
     *
     * @param detail {@code low}, {@code high} or {@code auto}
     * @return the copy
     */
    public Image detail(String detail) {
      return new Image(imageUrl, detail);
    }

    /** Shows the start of the URL only: a data URL can be megabytes long. */
    @Override
    public String toString() {
      String shown = imageUrl.length() > 48 ? imageUrl.substring(0, 48) + "..." : imageUrl;
      return "Image[imageUrl=" + shown + ", detail=" + detail + "]";
    }
  }
}
