package io.github.lmstudiojava.client;

/** Receives each status polled while {@link DownloadJob#await} waits for a download. */
@FunctionalInterface
public interface DownloadProgressListener {
  /**
   * Called after each poll, on the waiting thread.
   *
   * @param status the latest status
   */
  void onProgress(DownloadStatus status);
}
