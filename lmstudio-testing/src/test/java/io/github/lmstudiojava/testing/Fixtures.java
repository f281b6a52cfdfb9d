package io.github.lmstudiojava.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Reads test fixtures from the class path. */
final class Fixtures {
  private Fixtures() {}

  static String text(String path) {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static Map<String, Object> json(String path) {
    Map<String, Object> json = Json.parseObject(text(path));
    assertThat(json).as(path + " is a JSON object").isNotNull();
    return json;
  }
}
