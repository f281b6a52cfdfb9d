package io.github.lmstudiojava.client;

import com.squareup.moshi.Json;

/**
 * The state of a model download, from {@code POST /api/v1/models/download} or {@code GET
 * /api/v1/models/download/status/:job_id}.
 *
 * @param jobId the job's id; null when the model was already downloaded
 * @param status {@code downloading}, {@code paused}, {@code completed}, {@code failed} or {@code
 *     already_downloaded}; see {@link #state()}
 * @param totalSizeBytes the download's size; may be null
 * @param downloadedBytes bytes downloaded so far; may be null
 * @param bytesPerSecond current speed while downloading; may be null
 * @param estimatedCompletion estimated completion time (ISO 8601) while downloading; may be null
 * @param startedAt start time (ISO 8601); may be null
 * @param completedAt completion time (ISO 8601) once completed; may be null
 */
public record DownloadStatus(
    @Json(name = "job_id") String jobId,
    String status,
    @Json(name = "total_size_bytes") Long totalSizeBytes,
    @Json(name = "downloaded_bytes") Long downloadedBytes,
    @Json(name = "bytes_per_second") Double bytesPerSecond,
    @Json(name = "estimated_completion") String estimatedCompletion,
    @Json(name = "started_at") String startedAt,
    @Json(name = "completed_at") String completedAt) {

  /** The state of a download. */
  public enum State {
    /** Bytes are arriving. */
    DOWNLOADING,
    /** Paused in LM Studio; it may be resumed there. */
    PAUSED,
    /** Finished; the model can be loaded. */
    COMPLETED,
    /** Failed; LM Studio's app or logs say why. */
    FAILED,
    /** Nothing to do: the model was already on disk. */
    ALREADY_DOWNLOADED,
    /** A status this client does not know yet. */
    UNKNOWN
  }

  /**
   * The status as an enum; {@link State#UNKNOWN} for a value added by a later LM Studio.
   *
   * @return the state
   */
  public State state() {
    if (status == null) {
      return State.UNKNOWN;
    }
    switch (status) {
      case "downloading":
        return State.DOWNLOADING;
      case "paused":
        return State.PAUSED;
      case "completed":
        return State.COMPLETED;
      case "failed":
        return State.FAILED;
      case "already_downloaded":
        return State.ALREADY_DOWNLOADED;
      default:
        return State.UNKNOWN;
    }
  }

  /**
   * Whether the download will make no more progress: completed, failed or already downloaded.
   *
   * @return true when finished one way or another
   */
  public boolean isFinished() {
    State state = state();
    return state == State.COMPLETED || state == State.FAILED || state == State.ALREADY_DOWNLOADED;
  }

  /**
   * The fraction downloaded, from 0 to 1.
   *
   * @return the fraction, 1 when completed or already downloaded, or null when unknown
   */
  public Double fraction() {
    State state = state();
    if (state == State.COMPLETED || state == State.ALREADY_DOWNLOADED) {
      return 1.0;
    }
    if (downloadedBytes == null || totalSizeBytes == null || totalSizeBytes <= 0) {
      return null;
    }
    return Math.min(1.0, downloadedBytes / (double) totalSizeBytes);
  }
}
