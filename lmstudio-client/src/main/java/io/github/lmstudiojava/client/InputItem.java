package io.github.lmstudiojava.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * One part of a native chat request's input: text or an image.
 *
 * <pre>{@code
 * ChatRequest.builder("qwen/qwen3-vl-4b")
 *     .input(InputItem.text("Describe this image"), InputItem.image(Path.of("photo.png")))
 *     .build();
 * }</pre>
 */
public sealed interface InputItem permits InputItem.Text, InputItem.Image {

  /**
   * A text part.
   *
   * @param content the text
   * @return the item
   */
  static Text text(String content) {
    return new Text(content);
  }

  /**
   * An image from a base64 data URL, such as {@code data:image/png;base64,iVBOR...}. When the URL
   * names PNG, JPEG, GIF, WebP or BMP, its first bytes must be a complete, valid header of that
   * format; other image types are passed on as given.
   *
   * @param dataUrl the data URL
   * @return the item
   * @throws IllegalArgumentException when the URL is not a base64 image data URL, or its bytes are
   *     not the image it names
   */
  static Image imageDataUrl(String dataUrl) {
    Image image = new Image(dataUrl);
    ImageTypes.checkDataUrl(dataUrl);
    return image;
  }

  /**
   * An image from bytes; the type (PNG, JPEG, GIF, WebP, BMP) is recognised from a complete, valid
   * header, so bytes that merely start like an image are refused.
   *
   * @param bytes the encoded image
   * @return the item
   * @throws IllegalArgumentException when the bytes are not a recognised image format
   */
  static Image image(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes == null");
    String mimeType;
    try {
      mimeType = ImageTypes.check(bytes, bytes.length);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not a PNG, JPEG, GIF, WebP or BMP image: "
              + e.getMessage()
              + "; use image(bytes, mimeType) to name another type",
          e);
    }
    return image(bytes, mimeType);
  }

  /**
   * An image from bytes of a given type, passed on unchecked.
   *
   * @param bytes the encoded image
   * @param mimeType its media type, such as {@code image/png}
   * @return the item
   */
  static Image image(byte[] bytes, String mimeType) {
    Objects.requireNonNull(bytes, "bytes == null");
    Objects.requireNonNull(mimeType, "mimeType == null");
    if (!mimeType.toLowerCase(Locale.ROOT).startsWith("image/")) {
      throw new IllegalArgumentException("not an image media type: " + mimeType);
    }
    return new Image("data:" + mimeType + ";base64," + Base64.getEncoder().encodeToString(bytes));
  }

  /**
   * An image read from a file now; the type is recognised from a complete, valid header. The file
   * must be a regular file (not a directory, pipe or device); it is read whole, so pass only files
   * you trust to be of reasonable size.
   *
   * @param file the image file
   * @return the item
   * @throws UncheckedIOException when the file cannot be read
   * @throws IllegalArgumentException when the file is not a regular file or not a recognised image
   *     format
   */
  static Image image(Path file) {
    Objects.requireNonNull(file, "file == null");
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + " is not a regular file");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read image " + file + ": " + e.getMessage(), e);
    }
    String mimeType;
    try {
      mimeType = ImageTypes.check(bytes, bytes.length);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          file
              + " is not a PNG, JPEG, GIF, WebP or BMP image (LM Studio accepts those): "
              + e.getMessage(),
          e);
    }
    return image(bytes, mimeType);
  }

  /**
   * Text input.
   *
   * @param content the text
   */
  record Text(String content) implements InputItem {
    /** Checks the text is present. */
    public Text {
      Objects.requireNonNull(content, "content == null");
    }
  }

  /**
   * Image input, as a base64 data URL.
   *
   * @param dataUrl the data URL
   */
  record Image(String dataUrl) implements InputItem {
    /** Checks that the URL is a base64 image data URL. */
    public Image {
      Objects.requireNonNull(dataUrl, "dataUrl == null");
      if (!dataUrl.regionMatches(true, 0, "data:image/", 0, 11) || !dataUrl.contains(";base64,")) {
        throw new IllegalArgumentException(
            "dataUrl must look like data:image/png;base64,...; got "
                + (dataUrl.length() > 40 ? dataUrl.substring(0, 40) + "..." : dataUrl));
      }
    }

    /** Shows the media type and size, not the whole base64 payload. */
    @Override
    public String toString() {
      return "Image["
          + dataUrl.substring(5, dataUrl.indexOf(';'))
          + ", "
          + dataUrl.length()
          + " chars]";
    }
  }
}
