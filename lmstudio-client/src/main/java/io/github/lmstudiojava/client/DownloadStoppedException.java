package io.github.lmstudiojava.client;

/**
 * A download will make no more progress by itself: it failed, or it is paused in LM Studio.
 *
 * <p>Thrown by {@link DownloadJob#await} instead of waiting for ever. A paused download goes on
 * when it is resumed in LM Studio's Downloads panel; follow it then with {@link
 * Models#downloadStatus(String)}. A failed one says why in that panel or in {@code lms log stream}.
 */
public final class DownloadStoppedException extends LmStudioException {
  private static final long serialVersionUID = 1L;

  private final transient DownloadStatus status;

  /**
   * Creates the exception.
   *
   * @param message what happened and what to do next
   * @param status the status that showed the download stopped, {@code paused} or {@code failed}
   */
  public DownloadStoppedException(String message, DownloadStatus status) {
    super(message);
    this.status = status;
  }

  /**
   * The status that showed the download stopped.
   *
   * @return the status; its {@link DownloadStatus#state()} is {@code PAUSED} or {@code FAILED}
   */
  public DownloadStatus status() {
    return status;
  }

  /**
   * Whether the download is paused, so it can be resumed in LM Studio.
   *
   * @return true when paused, false when failed
   */
  public boolean isPaused() {
    return status != null && status.state() == DownloadStatus.State.PAUSED;
  }
}
