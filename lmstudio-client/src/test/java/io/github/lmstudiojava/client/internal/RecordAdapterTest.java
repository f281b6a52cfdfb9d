package io.github.lmstudiojava.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.FromJson;
import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonQualifier;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.ToJson;
import java.io.IOException;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class RecordAdapterTest {
  record Usage(@Json(name = "input_tokens") int input, Long output, List<String> notes) {}

  record Named(String name) {
    Named {
      Objects.requireNonNull(name, "name");
    }
  }

  record Outer(String id, Named inner, List<Named> more) {}

  record Clash(@Json(name = "b") String a, String b) {}

  record Box<T>(T value) {}

  record Flag(boolean on) {}

  @Retention(RetentionPolicy.RUNTIME)
  @JsonQualifier
  @interface Upper {}

  record Shout(@Upper String word) {}

  static final class UpperAdapter {
    @FromJson
    @Upper
    String fromJson(String text) {
      return text.toUpperCase(java.util.Locale.ROOT);
    }

    @ToJson
    String toJson(@Upper String text) {
      return text.toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final Moshi MOSHI =
      new Moshi.Builder().add(new UpperAdapter()).add(RecordAdapter.FACTORY).build();

  @Test
  void readsJsonNamesSkipsUnknownKeysAndLeavesAbsentObjectsNull() throws IOException {
    Usage usage =
        MOSHI
            .adapter(Usage.class)
            .fromJson("{\"input_tokens\": 7, \"future\": {\"x\": [1]}, \"notes\": [\"a\"]}");

    assertThat(usage).isEqualTo(new Usage(7, null, List.of("a")));
    assertThat(MOSHI.adapter(Usage.class).toString()).contains("JsonAdapter(Usage)");
  }

  @Test
  void writesJsonNamesAndLeavesNullsOut() {
    String json = MOSHI.adapter(Usage.class).toJson(new Usage(3, null, List.of()));

    assertThat(json).isEqualTo("{\"input_tokens\":3,\"notes\":[]}");
  }

  @Test
  void readsNullAsNull() throws IOException {
    assertThat(MOSHI.adapter(Outer.class).fromJson("null")).isNull();
    assertThat(MOSHI.adapter(Outer.class).fromJson("{\"id\": \"x\", \"inner\": null}"))
        .isEqualTo(new Outer("x", null, null));
  }

  @Test
  void aMissingPrimitiveIsNamedWithItsPlace() {
    assertThatThrownBy(() -> MOSHI.adapter(Usage.class).fromJson("{\"output\": 1}"))
        .isInstanceOf(JsonDataException.class)
        .hasMessage("Required value 'input' (JSON name 'input_tokens') missing at $");
    assertThatThrownBy(() -> MOSHI.adapter(Flag.class).fromJson("{}"))
        .isInstanceOf(JsonDataException.class)
        .hasMessage("Required value 'on' missing at $");
  }

  @Test
  void aConstructorThatRefusesTheValuesIsMalformedDataAtItsPlace() {
    assertThatThrownBy(
            () ->
                MOSHI
                    .adapter(Outer.class)
                    .fromJson("{\"id\": \"x\", \"more\": [{\"name\": \"a\"}, {\"other\": 1}]}"))
        .isInstanceOf(JsonDataException.class)
        .hasMessageStartingWith("unusable value at $.more[1] (java.lang.NullPointerException: name")
        .hasCauseInstanceOf(NullPointerException.class);
  }

  @Test
  void aWrongTypeIsMoshisErrorWithThePath() {
    assertThatThrownBy(() -> MOSHI.adapter(Usage.class).fromJson("{\"input_tokens\": \"many\"}"))
        .isInstanceOf(JsonDataException.class)
        .hasMessageContaining("$.input_tokens");
  }

  @Test
  void qualifiersOnComponentsPickTheirAdapters() throws IOException {
    JsonAdapter<Shout> adapter = MOSHI.adapter(Shout.class);

    assertThat(adapter.fromJson("{\"word\": \"hey\"}")).isEqualTo(new Shout("HEY"));
    assertThat(adapter.toJson(new Shout("HEY"))).isEqualTo("{\"word\":\"hey\"}");
  }

  @Test
  void twoComponentsWithOneJsonNameAreRefused() {
    assertThatThrownBy(() -> MOSHI.adapter(Clash.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Conflicting components");
  }

  @Test
  void genericRecordsAndOtherPackagesAreLeftToMoshi() {
    Moshi moshi = new Moshi.Builder().build();

    assertThat(RecordAdapter.FACTORY.create(Box.class, java.util.Set.of(), moshi)).isNull();
    assertThat(RecordAdapter.FACTORY.create(Named.class, java.util.Set.of(), moshi)).isNotNull();
    assertThat(RecordAdapter.FACTORY.create(String.class, java.util.Set.of(), moshi)).isNull();
    assertThat(
            RecordAdapter.FACTORY.create(
                jdk.net.UnixDomainPrincipal.class, java.util.Set.of(), moshi))
        .isNull();
  }
}
