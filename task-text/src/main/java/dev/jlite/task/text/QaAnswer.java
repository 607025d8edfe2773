package dev.jlite.task.text;

import java.util.Objects;

/**
 * One answer of a {@link BertQuestionAnswerer}: the text (the context's space-separated words the
 * answer spans, joined by single spaces), the first and last token of the span in the model's
 * sequence, and its logit (start logit + end logit).
 */
public final class QaAnswer {
  private final String text;
  private final int start;
  private final int end;
  private final float logit;

  private QaAnswer(String text, int start, int end, float logit) {
    this.text = Objects.requireNonNull(text, "text");
    this.start = start;
    this.end = end;
    this.logit = logit;
  }

  public static QaAnswer create(String text, int start, int end, float logit) {
    return new QaAnswer(text, start, end, logit);
  }

  public String text() {
    return text;
  }

  /** The index of the span's first token in the model's input sequence. */
  public int start() {
    return start;
  }

  /** The index of the span's last token in the model's input sequence. */
  public int end() {
    return end;
  }

  public float logit() {
    return logit;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QaAnswer a && a.text.equals(text) && a.start == start && a.end == end
        && Float.compare(a.logit, logit) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(text, start, end, logit);
  }

  @Override
  public String toString() {
    return "QaAnswer{text=" + text + ", start=" + start + ", end=" + end + ", logit=" + logit
        + "}";
  }
}
