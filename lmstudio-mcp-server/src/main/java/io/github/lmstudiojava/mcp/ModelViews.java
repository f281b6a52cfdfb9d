package io.github.lmstudiojava.mcp;

import io.github.lmstudiojava.client.Capabilities;
import io.github.lmstudiojava.client.DownloadStatus;
import io.github.lmstudiojava.client.InstanceConfig;
import io.github.lmstudiojava.client.LoadedInstance;
import io.github.lmstudiojava.client.Model;
import java.util.ArrayList;
import java.util.List;

/** Models and downloads as structured content and as readable lines. */
final class ModelViews {
  private ModelViews() {}

  static Json.Obj model(Model m) {
    return model(m, false);
  }

  /**
   * A model as structured content; with {@code host}, naming the LM Studio server that has it (for
   * a server of several hosts), without a user or password from its URL.
   */
  static Json.Obj model(Model m, boolean host) {
    List<Json.Obj> instances = new ArrayList<>();
    for (LoadedInstance i : m.loadedInstances()) {
      instances.add(
          Json.obj()
              .put("id", i.id())
              .put("context_length", i.contextLength())
              .put("parallel", i.parallel()));
    }
    Capabilities c = m.capabilities();
    List<String> caps = capabilities(c);
    return Json.obj()
        .put("key", m.key())
        .put("display_name", m.displayName())
        .put("type", m.type())
        .put("publisher", m.publisher())
        .put("architecture", m.architecture())
        .put("params", m.paramsString())
        .put("quantization", m.quantization() == null ? null : m.quantization().name())
        .put("size_bytes", m.sizeBytes())
        .put("max_context_length", m.maxContextLength())
        .put("capabilities", caps)
        .put("loaded", m.isLoaded())
        .put("instances", Json.maps(instances))
        .putIf(host, "host", host ? ServerConfig.hideUserInfo(m.host()) : null);
  }

  static List<String> capabilities(Capabilities c) {
    List<String> caps = new ArrayList<>();
    if (c != null) {
      if (c.supportsVision()) {
        caps.add("vision");
      }
      if (c.supportsToolUse()) {
        caps.add("tool_use");
      }
      if (c.supportsReasoning()) {
        caps.add("reasoning");
      }
    }
    return caps;
  }

  /** A model as a readable line; with {@code host}, ending with the server that has it. */
  static String line(Model m, boolean host) {
    StringBuilder b = new StringBuilder("- ").append(m.key()).append(" (").append(m.type());
    if (m.paramsString() != null) {
      b.append(", ").append(m.paramsString());
    }
    if (m.quantization() != null && m.quantization().name() != null) {
      b.append(", ").append(m.quantization().name());
    }
    if (m.maxContextLength() != null) {
      b.append(", max context ").append(m.maxContextLength());
    }
    b.append(')');
    List<String> caps = capabilities(m.capabilities());
    if (!caps.isEmpty()) {
      b.append(" [").append(String.join(", ", caps)).append(']');
    }
    if (host && m.host() != null) {
      b.append(" on ").append(ServerConfig.hideUserInfo(m.host()));
    }
    for (LoadedInstance i : m.loadedInstances()) {
      b.append("\n    loaded as ").append(i.id());
      if (i.contextLength() != null) {
        b.append(", context ").append(i.contextLength());
      }
      if (i.parallel() != null) {
        b.append(", ").append(i.parallel()).append(" parallel");
      }
    }
    return b.toString();
  }

  static Json.Obj loadConfig(InstanceConfig c) {
    if (c == null) {
      return null;
    }
    return Json.obj()
        .put("context_length", c.contextLength())
        .put("eval_batch_size", c.evalBatchSize())
        .put("parallel", c.parallel())
        .put("flash_attention", c.flashAttention())
        .put("num_experts", c.numExperts())
        .put("offload_kv_cache_to_gpu", c.offloadKvCacheToGpu());
  }

  static Json.Obj download(DownloadStatus s) {
    return Json.obj()
        .put("job_id", s.jobId())
        .put("status", s.status())
        .put("finished", s.isFinished())
        .put("downloaded_bytes", s.downloadedBytes())
        .put("total_size_bytes", s.totalSizeBytes())
        .put("bytes_per_second", s.bytesPerSecond())
        .put("estimated_completion", s.estimatedCompletion())
        .put("started_at", s.startedAt())
        .put("completed_at", s.completedAt());
  }

  static String downloadLine(DownloadStatus s) {
    StringBuilder b = new StringBuilder(s.status() == null ? "unknown" : s.status());
    if (s.downloadedBytes() != null && s.totalSizeBytes() != null && s.totalSizeBytes() > 0) {
      b.append(": ")
          .append(bytes(s.downloadedBytes()))
          .append(" of ")
          .append(bytes(s.totalSizeBytes()))
          .append(" (")
          .append(Decimals.fixed(100.0 * s.downloadedBytes() / s.totalSizeBytes(), 0))
          .append("%)");
    }
    if (s.bytesPerSecond() != null && s.bytesPerSecond() > 0 && !s.isFinished()) {
      b.append(", ").append(bytes(s.bytesPerSecond().longValue())).append("/s");
    }
    return b.toString();
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return Decimals.fixed(v, 1) + " " + units[u];
  }
}
