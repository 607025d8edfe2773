package dev.jlite.task.vision;

import dev.jlite.task.core.Rect;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One person found by a {@link PoseEstimator}: a score, the keypoints in model order and, for
 * multi-pose models, the person's bounding box (pixels of the image as given).
 */
public final class Pose {
  private final float score;
  private final Rect boundingBox;
  private final List<Keypoint> keypoints;

  private Pose(float score, Rect boundingBox, List<Keypoint> keypoints) {
    this.score = score;
    this.boundingBox = boundingBox;
    this.keypoints = List.copyOf(keypoints);
  }

  /** A pose; {@code boundingBox} may be null when the model gives none. */
  public static Pose create(float score, Rect boundingBox, List<Keypoint> keypoints) {
    return new Pose(score, boundingBox, keypoints);
  }

  /** The model's person score, or for single-pose models the mean keypoint score. */
  public float score() {
    return score;
  }

  public Optional<Rect> boundingBox() {
    return Optional.ofNullable(boundingBox);
  }

  public List<Keypoint> keypoints() {
    return keypoints;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pose p && Float.compare(p.score, score) == 0
        && Objects.equals(p.boundingBox, boundingBox) && p.keypoints.equals(keypoints);
  }

  @Override
  public int hashCode() {
    return Objects.hash(score, boundingBox, keypoints);
  }

  @Override
  public String toString() {
    return "Pose{score=" + score + ", boundingBox=" + boundingBox + ", keypoints=" + keypoints
        + "}";
  }
}
