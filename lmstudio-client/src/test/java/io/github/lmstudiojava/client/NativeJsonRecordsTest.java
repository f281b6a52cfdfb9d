package io.github.lmstudiojava.client;

import static io.github.lmstudiojava.client.ClientTestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import io.github.lmstudiojava.client.internal.JsonValueAdapter;
import io.github.lmstudiojava.client.internal.RecordAdapter;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The client reads LM Studio's replies with its own record adapter ({@link RecordAdapter}): every
 * documented reply must come out as Moshi's own record adapter reads it, and write back alike.
 */
class NativeJsonRecordsTest {
  /** The same adapters as {@link NativeJson#MOSHI}, with Moshi's record adapter for the records. */
  private static final Moshi MOSHIS_OWN =
      new Moshi.Builder()
          .add(JsonValueAdapter.FACTORY)
          .add(NativeJson.OutputItemAdapter.FACTORY)
          .build();

  @ParameterizedTest
  @CsvSource({
    "chat/response-mcp-docs.json, ChatResult",
    "chat/response-images-docs.json, ChatResult",
    "chat/stateful-response-docs.json, ChatResult",
    "chat/mcp-ephemeral-response-docs.json, ChatResult",
    "chat/mcp-plugin-response-docs.json, ChatResult",
    "models/download-docs.json, DownloadStatus",
    "chat/events/chat.start-docs.json, ChatEvent$ChatStart",
    "chat/events/chat.end-docs.json, ChatEvent$ChatEnd",
    "chat/events/model_load.start-docs.json, ChatEvent$ModelLoadStart",
    "chat/events/model_load.progress-docs.json, ChatEvent$ModelLoadProgress",
    "chat/events/model_load.end-docs.json, ChatEvent$ModelLoadEnd",
    "chat/events/prompt_processing.progress-docs.json, ChatEvent$PromptProcessingProgress",
    "chat/events/tool_call.start-docs.json, ChatEvent$ToolCallStart",
    "chat/events/tool_call.arguments-docs.json, ChatEvent$ToolCallArguments",
    "chat/events/tool_call.success-docs.json, ChatEvent$ToolCallSuccess",
    "chat/events/tool_call.failure-docs.json, ChatEvent$ToolCallFailure",
  })
  void documentedRepliesReadAsMoshiReadsThem(String fixture, String record) throws Exception {
    Class<?> type = Class.forName("io.github.lmstudiojava.client." + record);
    assertSameAsMoshi(type, fixture(fixture));
  }

  @Test
  void theModelListReadsAsMoshiReadsIt() throws IOException {
    Type models = Types.newParameterizedType(List.class, Model.class);
    String body = fixture("models/list-docs.json");
    // {"models": [...]}: the array alone
    String array = body.substring(body.indexOf('['), body.lastIndexOf(']') + 1);
    List<?> ours = assertSameAsMoshi(models, array);
    assertThat(ours).isNotEmpty().allSatisfy(m -> assertThat(m).isInstanceOf(Model.class));
  }

  @Test
  void outputItemsAreReadByTheirTypeWhereverItStands() throws IOException {
    ChatResult result =
        NativeJson.MOSHI
            .adapter(ChatResult.class)
            .fromJson(
                "{\"output\": ["
                    + "{\"content\": \"hi\", \"type\": \"message\"},"
                    + "{\"type\": \"reasoning\", \"content\": \"why\"},"
                    + "{\"type\": \"image\", \"parts\": [{\"type\": \"x\"}]},"
                    + "{\"type\": 7, \"content\": \"odd\"},"
                    + "{\"content\": \"no type\"}]}");

    assertThat(result.output())
        .containsExactly(
            new OutputItem.Message("hi"),
            new OutputItem.Reasoning("why"),
            new OutputItem.Unknown("image", "{\"type\":\"image\",\"parts\":[{\"type\":\"x\"}]}"),
            new OutputItem.Unknown(null, "{\"type\":7,\"content\":\"odd\"}"),
            new OutputItem.Unknown(null, "{\"content\":\"no type\"}"));
  }

  @Test
  void anOutputItemThatIsNotAnObjectIsNamedByItsPlace() {
    JsonAdapter<ChatResult> adapter = NativeJson.MOSHI.adapter(ChatResult.class);

    assertThatThrownBy(
            () ->
                adapter.fromJson("{\"output\": [{\"type\": \"message\", \"content\": \"a\"}, 5]}"))
        .isInstanceOf(JsonDataException.class)
        .hasMessage("output item is not an object at $.output[1]");
    assertThatThrownBy(
            () -> adapter.fromJson("{\"output\": [{\"type\": \"message\", \"content\": {}}]}"))
        .isInstanceOf(JsonDataException.class)
        .hasMessageContaining("$.output[0].content");
  }

  private static <T> T assertSameAsMoshi(Type type, String json) throws IOException {
    JsonAdapter<T> ours = NativeJson.MOSHI.adapter(type);
    JsonAdapter<T> moshis = MOSHIS_OWN.adapter(type);
    T read = ours.fromJson(json);
    assertThat(read).isNotNull().isEqualTo(moshis.fromJson(json));
    assertThat(ours.toJson(read)).isEqualTo(moshis.toJson(read));
    return read;
  }
}
