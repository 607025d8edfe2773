package dev.jlite.metadata;

/**
 * One problem {@link MetadataLint} found.
 *
 * @param severity {@link Severity#ERROR} when tasks will fail or misbehave, {@link
 *     Severity#WARNING} when the metadata is suspicious or incomplete
 * @param location where: {@code model}, {@code input 0 "image"}, {@code output 1 "category"}, a
 *     file name…
 * @param message what is wrong, with the numbers involved
 */
public record LintFinding(Severity severity, String location, String message) {
  /** How bad a finding is. */
  public enum Severity {
    WARNING,
    ERROR
  }

  @Override
  public String toString() {
    return severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + location + ": " + message;
  }
}
