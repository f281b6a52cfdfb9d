package io.github.lmstudiojava.client;

import io.github.lmstudiojava.client.internal.Sleeper;
import java.time.Duration;
import java.util.Objects;

/**
 * A model download started with {@link Models#download(String)}.
 *
 * <pre>{@code
 * DownloadJob job = lms.models().download("ibm/granite-4-micro");
 * DownloadStatus done = job.await(s -> System.out.printf("%.0f%%%n", 100 * s.fraction()),
 *     Duration.ofSeconds(1), Duration.ofMinutes(30));
 * }</pre>
 *
 * <p>When the model was already on disk, LM Studio answers {@code already_downloaded} without a job
 * id: {@link #jobId()} is null and {@link #await} returns at once. The job keeps running in LM
 * Studio whatever happens here; give up waiting and {@link Models#downloadStatus(String)} can
 * follow it later.
 */
public final class DownloadJob {
  private final Models models;
  private final DownloadStatus initial;
  private final Sleeper sleeper;

  DownloadJob(Models models, DownloadStatus initial, Sleeper sleeper) {
    this.models = models;
    this.initial = initial;
    this.sleeper = sleeper;
  }

  /**
   * The job id.
   *
   * @return the id, or null when the model was already downloaded
   */
  public String jobId() {
    return initial.jobId();
  }

  /**
   * The status LM Studio returned when the download was started.
   *
   * @return the first status
   */
  public DownloadStatus initial() {
    return initial;
  }

  /**
   * The current status: asks LM Studio, except for a job that was over from the start.
   *
   * @return the status
   */
  public DownloadStatus status() {
    if (initial.jobId() == null || initial.isFinished()) {
      return initial;
    }
    return models.downloadStatus(initial.jobId());
  }

  /**
   * Waits until the download completes, polling every second, for as long as it takes; a paused
   * download ends the wait.
   *
   * @return the final status
   * @throws DownloadStoppedException when the download failed or is paused
   */
  public DownloadStatus await() {
    return await(status -> {}, Duration.ofSeconds(1), Duration.ZERO);
  }

  /**
   * Waits until the download completes, reporting each polled status.
   *
   * @param listener receives each status, the first included
   * @param pollInterval the wait between polls
   * @param maxWait how long to wait in all; {@link Duration#ZERO} for no limit
   * @return the final status ({@code completed} or {@code already_downloaded})
   * @throws DownloadStoppedException when the download failed, or is paused while {@code maxWait}
   *     is zero: a paused download moves again only when it is resumed in LM Studio, so without a
   *     limit the wait could never end (with one, polling goes on until it runs out)
   * @throws LmStudioTimeoutException when {@code maxWait} ran out first (the download goes on)
   */
  public DownloadStatus await(
      DownloadProgressListener listener, Duration pollInterval, Duration maxWait) {
    Objects.requireNonNull(listener, "listener == null");
    Objects.requireNonNull(pollInterval, "pollInterval == null");
    Objects.requireNonNull(maxWait, "maxWait == null");
    if (pollInterval.isNegative() || maxWait.isNegative()) {
      throw new IllegalArgumentException("negative duration");
    }
    long start = System.nanoTime();
    DownloadStatus status = initial;
    while (true) {
      listener.onProgress(status);
      if (status.state() == DownloadStatus.State.FAILED) {
        throw new DownloadStoppedException(
            "Download job "
                + status.jobId()
                + " failed; LM Studio's Downloads panel or"
                + " `lms log stream` say why.",
            status);
      }
      if (status.state() == DownloadStatus.State.PAUSED && maxWait.isZero()) {
        // A paused job moves only when someone resumes it in LM Studio: without a limit, waiting
        // could last for ever. With one, it may be resumed in time.
        throw new DownloadStoppedException(
            "Download job "
                + status.jobId()
                + " is paused in LM Studio"
                + progress(status)
                + "; resume it in LM Studio's Downloads panel, then follow it with"
                + " models().downloadStatus(\""
                + status.jobId()
                + "\").",
            status);
      }
      if (status.isFinished()) {
        return status;
      }
      long elapsed = System.nanoTime() - start;
      if (!maxWait.isZero() && elapsed >= maxWait.toNanos()) {
        throw new LmStudioTimeoutException(
            "Download job "
                + status.jobId()
                + " is still "
                + status.status()
                + " after "
                + maxWait
                + "; it goes on in LM Studio: follow it with"
                + " models().downloadStatus(\""
                + status.jobId()
                + "\").",
            LmStudioTimeoutException.Kind.CALL,
            maxWait,
            null,
            null);
      }
      Duration wait = pollInterval;
      if (!maxWait.isZero()) {
        Duration left = maxWait.minusNanos(elapsed);
        wait = left.compareTo(wait) < 0 ? left : wait;
      }
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LmStudioException(
            "Interrupted while waiting for download job " + status.jobId(), e);
      }
      status = models.downloadStatus(status.jobId());
    }
  }

  private static String progress(DownloadStatus status) {
    Double fraction = status.fraction();
    return fraction == null
        ? ""
        : String.format(java.util.Locale.ROOT, " at %.0f%%", 100 * fraction);
  }

  /** Shows the job id and first status. */
  @Override
  public String toString() {
    return "DownloadJob[jobId=" + initial.jobId() + ", status=" + initial.status() + "]";
  }
}
