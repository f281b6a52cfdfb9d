package io.github.lmstudiojava.client.openai;

import io.github.lmstudiojava.client.InputItem;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One part of a user message's content: text or an image. Vision models (such as {@code
 * qwen/qwen3-vl-4b}) read images; LM Studio takes them as base64 data URLs.
 *
 * <pre>{@code
 * ChatMessage.user(ChatContentPart.text("What is in this picture?"),
 *     ChatContentPart.image(Path.of("photo.png")))
 * }</pre>
 */
public sealed interface ChatContentPart permits ChatContentPart.Text, ChatContentPart.ImageUrl {

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
   * An image by URL: a base64 data URL such as {@code data:image/png;base64,iVBOR...}, or a web
   * address (which the server must be able to fetch; LM Studio reads data URLs).
   *
   * @param url the URL
   * @return the part
   */
  static ImageUrl imageUrl(String url) {
    return new ImageUrl(url);
  }

  /**
   * An image read from a file now, sent as a data URL; the type (PNG, JPEG, GIF, WebP, BMP) is
   * recognised from its bytes.
   *
   * @param file the image file
   * @return the part
   * @throws java.io.UncheckedIOException when the file cannot be read
   * @throws IllegalArgumentException when the file is not a recognised image format
   */
  static ImageUrl image(Path file) {
    return new ImageUrl(InputItem.image(file).dataUrl());
  }

  /**
   * An image from bytes, sent as a data URL; the type is recognised from the bytes.
   *
   * @param bytes the encoded image
   * @return the part
   * @throws IllegalArgumentException when the bytes are not a recognised image format
   */
  static ImageUrl image(byte[] bytes) {
    return new ImageUrl(InputItem.image(bytes).dataUrl());
  }

  /**
   * An image from bytes of a given type, sent as a data URL.
   *
   * @param bytes the encoded image
   * @param mimeType its media type, such as {@code image/png}
   * @return the part
   */
  static ImageUrl image(byte[] bytes, String mimeType) {
    return new ImageUrl(InputItem.image(bytes, mimeType).dataUrl());
  }

  /**
   * Text content, sent as {@code {"type": "text", "text": ...}}.
   *
   * @param text the text
   */
  record Text(String text) implements ChatContentPart {
    /** Checks the text is present. */
    public Text {
      Objects.requireNonNull(text, "text == null");
    }
  }

  /**
   * Image content, sent as {@code {"type": "image_url", "image_url": {"url": ...}}}.
   *
   * @param url a data URL or a web address
   */
  record ImageUrl(String url) implements ChatContentPart {
    /** Checks the URL is present. */
    public ImageUrl {
      Objects.requireNonNull(url, "url == null");
      if (url.isBlank()) {
        throw new IllegalArgumentException("url is blank");
      }
    }

    /** Shows a data URL's media type and size, not the whole base64 payload. */
    @Override
    public String toString() {
      if (url.startsWith("data:") && url.indexOf(';') > 0) {
        return "ImageUrl[" + url.substring(5, url.indexOf(';')) + ", " + url.length() + " chars]";
      }
      return "ImageUrl[" + url + "]";
    }
  }
}
