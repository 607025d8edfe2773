package dev.jlite.task.audio;

import dev.jlite.task.core.Classifications;
import java.util.List;

/**
 * What an {@link AudioClassifier} heard in one window of a clip.
 *
 * @param startSeconds where the window starts in the clip
 * @param endSeconds where it ends (past the clip's end for a last window padded with silence)
 * @param classifications one entry per classification head, in output order
 */
public record WindowClassifications(double startSeconds, double endSeconds,
    List<Classifications> classifications) {
  public WindowClassifications {
    classifications = List.copyOf(classifications);
  }
}
