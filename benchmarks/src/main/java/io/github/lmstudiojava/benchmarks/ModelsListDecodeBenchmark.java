package io.github.lmstudiojava.benchmarks;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.Model;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code lms.models().list()} costs for a realistic {@code GET /api/v1/models} body of 50
 * models, without a network: an OkHttp interceptor answers every call with the same bytes, so the
 * score is the client's own work (building the request, running OkHttp's interceptor chain, reading
 * the body into a string and decoding it into {@link Model} records).
 *
 * <p>Mode is average time, in microseconds per {@code list()} call; {@code -prof gc}'s {@code
 * gc.alloc.rate.norm} is bytes allocated per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ModelsListDecodeBenchmark {
  /** Models in the body. */
  public static final int MODELS = 50;

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private byte[] body;
  private LmStudio lms;

  /** Creates the benchmark state; JMH calls this. */
  public ModelsListDecodeBenchmark() {}

  /** Builds the body and a client answered by it, and checks one decoded list. */
  @Setup(Level.Trial)
  public void setUp() {
    body = modelsBody(MODELS).getBytes(StandardCharsets.UTF_8);
    OkHttpClient canned =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain ->
                    new Response.Builder()
                        .request(chain.request())
                        .protocol(Protocol.HTTP_1_1)
                        .code(200)
                        .message("OK")
                        .body(ResponseBody.create(body, JSON))
                        .build())
            .build();
    lms = LmStudio.builder().okHttpClient(canned).build();
    List<Model> models = lms.models().list();
    check(models.size() == MODELS, "decoded " + models.size() + " models");
    long loaded = models.stream().filter(Model::isLoaded).count();
    check(loaded == MODELS / 10, "decoded " + loaded + " loaded models");
    check(
        models.get(0).capabilities() != null && models.get(0).quantization() != null,
        "capabilities or quantization missing");
  }

  /** Closes the client. */
  @TearDown(Level.Trial)
  public void tearDown() {
    lms.close();
  }

  /**
   * Lists the models once.
   *
   * @return the models
   */
  @Benchmark
  public List<Model> listModels() {
    return lms.models().list();
  }

  /**
   * A body in the shape of LM Studio's docs: mostly LLMs of several publishers, quantizations and
   * capabilities, every tenth one loaded with its instance config, every seventh an embedding
   * model, variants on some.
   */
  static String modelsBody(int count) {
    String[] publishers = {"qwen", "google", "meta", "mistralai", "ibm", "deepseek", "openai"};
    String[] architectures = {"qwen3", "gemma3", "llama", "mistral", "granite", "deepseek2"};
    String[] quantizations = {"Q4_K_M", "Q8_0", "Q6_K", "F16", "4bit", "Q5_K_S"};
    String[] sizes = {"1B", "3B", "4B", "7B", "8B", "14B", "27B", "30B-A3B"};
    StringBuilder json = new StringBuilder("{\"models\":[");
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        json.append(',');
      }
      String publisher = publishers[i % publishers.length];
      String key =
          publisher + "/model-" + i + "-" + sizes[i % sizes.length].toLowerCase(Locale.ROOT);
      String quantization = quantizations[i % quantizations.length];
      boolean embedding = i % 7 == 6;
      json.append("{\"type\":\"")
          .append(embedding ? "embedding" : "llm")
          .append("\",\"publisher\":\"")
          .append(publisher)
          .append("\",\"key\":\"")
          .append(key)
          .append("\",\"display_name\":\"Model ")
          .append(i)
          .append(' ')
          .append(sizes[i % sizes.length])
          .append("\",\"architecture\":\"")
          .append(architectures[i % architectures.length])
          .append("\",\"quantization\":{\"name\":\"")
          .append(quantization)
          .append("\",\"bits_per_weight\":")
          .append(quantization.equals("F16") ? 16 : quantization.startsWith("Q8") ? 8 : 4)
          .append("},\"size_bytes\":")
          .append(1_000_000_000L + 734_003_317L * i)
          .append(",\"params_string\":\"")
          .append(sizes[i % sizes.length])
          .append("\",\"loaded_instances\":[");
      if (i % 10 == 0) {
        json.append("{\"id\":\"")
            .append(key)
            .append("\",\"config\":{\"context_length\":")
            .append(4096 << (i % 4))
            .append(",\"eval_batch_size\":512,\"parallel\":4,\"flash_attention\":true,")
            .append("\"num_experts\":8,\"offload_kv_cache_to_gpu\":true}}");
      }
      json.append("],\"max_context_length\":")
          .append(embedding ? 2048 : 32768 << (i % 4))
          .append(",\"format\":\"")
          .append(i % 5 == 4 ? "mlx" : "gguf")
          .append('"');
      if (!embedding) {
        json.append(",\"capabilities\":{\"vision\":")
            .append(i % 3 == 0)
            .append(",\"trained_for_tool_use\":")
            .append(i % 2 == 0);
        if (i % 4 == 1) {
          json.append(",\"reasoning\":{\"allowed_options\":[\"off\",\"low\",\"medium\",\"high\"],")
              .append("\"default\":\"medium\"}");
        }
        json.append("},\"description\":")
            .append(i % 6 == 0 ? "\"A general model for chat, code and tools.\"" : "null");
        if (i % 3 == 0) {
          json.append(",\"variants\":[\"")
              .append(key)
              .append("@q4_k_m\",\"")
              .append(key)
              .append("@q8_0\"],\"selected_variant\":\"")
              .append(key)
              .append("@q4_k_m\"");
        }
      }
      json.append('}');
    }
    return json.append("]}").toString();
  }

  private static void check(boolean ok, String problem) {
    if (!ok) {
      throw new IllegalStateException("bad models body: " + problem);
    }
  }
}
