package dev.jlite.task.vision;

import java.util.Objects;

/**
 * One body keypoint: its name, its position in pixels of the image as given (x to the right, y
 * down, from the top-left corner of the image as stored) and the model's confidence in it.
 */
public final class Keypoint {
  private final int index;
  private final String name;
  private final float x;
  private final float y;
  private final float score;

  private Keypoint(int index, String name, float x, float y, float score) {
    this.index = index;
    this.name = Objects.requireNonNull(name, "name");
    this.x = x;
    this.y = y;
    this.score = score;
  }

  public static Keypoint create(int index, String name, float x, float y, float score) {
    return new Keypoint(index, name, x, y, score);
  }

  /** The keypoint's index in the model's output (0 = nose for the COCO layout). */
  public int index() {
    return index;
  }

  public String name() {
    return name;
  }

  public float x() {
    return x;
  }

  public float y() {
    return y;
  }

  public float score() {
    return score;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Keypoint k && k.index == index && k.name.equals(name)
        && Float.compare(k.x, x) == 0 && Float.compare(k.y, y) == 0
        && Float.compare(k.score, score) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, name, x, y, score);
  }

  @Override
  public String toString() {
    return "Keypoint{" + index + " " + name + " (" + x + ", " + y + ") score=" + score + "}";
  }
}
