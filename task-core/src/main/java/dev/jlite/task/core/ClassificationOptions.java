package dev.jlite.task.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How classification results are filtered, shared by the classifying tasks: the locale of display
 * names ("en"), the maximum number of results per head (-1, all), a score threshold (default: the
 * model's {@code ScoreThresholdingOptions}, else none), and a label allow list or deny list (not
 * both). Immutable.
 */
public final class ClassificationOptions {
  /** The defaults. */
  public static final ClassificationOptions DEFAULT = builder().build();

  private final String displayNamesLocale;
  private final int maxResults;
  private final Float scoreThreshold;
  private final List<String> allowList;
  private final List<String> denyList;

  private ClassificationOptions(Builder b) {
    this.displayNamesLocale = b.displayNamesLocale;
    this.maxResults = b.maxResults;
    this.scoreThreshold = b.scoreThreshold;
    this.allowList = b.allowList;
    this.denyList = b.denyList;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String displayNamesLocale() {
    return displayNamesLocale;
  }

  /** The maximum number of results per head; negative for all. */
  public int maxResults() {
    return maxResults;
  }

  /** The score threshold, if set; otherwise the model's default applies. */
  public Optional<Float> scoreThreshold() {
    return Optional.ofNullable(scoreThreshold);
  }

  public List<String> labelAllowList() {
    return allowList;
  }

  public List<String> labelDenyList() {
    return denyList;
  }

  /** Builds {@link ClassificationOptions}; setters follow TFLite's task library names. */
  public static final class Builder {
    private String displayNamesLocale = "en";
    private int maxResults = -1;
    private Float scoreThreshold;
    private List<String> allowList = List.of();
    private List<String> denyList = List.of();

    private Builder() {}

    public Builder setDisplayNamesLocale(String locale) {
      this.displayNamesLocale = Objects.requireNonNull(locale, "locale");
      return this;
    }

    /** At most this many results per head, best first; negative (default -1) for all. */
    public Builder setMaxResults(int maxResults) {
      this.maxResults = maxResults;
      return this;
    }

    /** Results scoring below this are dropped; overrides the model's default threshold. */
    public Builder setScoreThreshold(float threshold) {
      if (Float.isNaN(threshold)) {
        throw new IllegalArgumentException("scoreThreshold must be a number, was NaN");
      }
      this.scoreThreshold = threshold;
      return this;
    }

    /** Only classes with these labels are returned. */
    public Builder setLabelAllowList(List<String> labels) {
      this.allowList = List.copyOf(labels);
      return this;
    }

    /** Classes with these labels are never returned. */
    public Builder setLabelDenyList(List<String> labels) {
      this.denyList = List.copyOf(labels);
      return this;
    }

    /**
     * @throws IllegalArgumentException if maxResults is 0, or both an allow list and a
     *     deny list are set
     */
    public ClassificationOptions build() {
      if (maxResults == 0) {
        throw new IllegalArgumentException(
            "maxResults must not be 0: give a positive count, or -1 for all results");
      }
      if (!allowList.isEmpty() && !denyList.isEmpty()) {
        throw new IllegalArgumentException(
            "labelAllowList and labelDenyList are mutually exclusive: set only one of them");
      }
      return new ClassificationOptions(this);
    }
  }
}
