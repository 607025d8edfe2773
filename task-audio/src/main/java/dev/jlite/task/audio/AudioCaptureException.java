package dev.jlite.task.audio;

/**
 * Audio cannot be captured: no capture line (sound card, microphone) supports the format, the line
 * is busy, or it delivered no audio. The message says which.
 */
public class AudioCaptureException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AudioCaptureException(String message) {
    super(message);
  }

  public AudioCaptureException(String message, Throwable cause) {
    super(message, cause);
  }
}
