package dev.jlite.metadata;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A text tokenizer and its files, as the task writers record it: {@link Regex} for {@link
 * NlClassifierWriter}, {@link Bert} or {@link SentencePiece} for {@link BertNlClassifierWriter}
 * and {@link BertQuestionAnswererWriter}.
 */
public sealed interface Tokenizer {
  /** The process unit that describes the tokenizer; file names are the files' paths. */
  ProcessUnit processUnit();

  /** The files the tokenizer names, in the order the official writers pack them. */
  List<Path> files();

  /** Splits on a regular expression and maps words with a vocabulary (schema 1.2.1). */
  record Regex(String delimRegexPattern, Path vocab) implements Tokenizer {
    public Regex {
      Objects.requireNonNull(delimRegexPattern, "delimRegexPattern");
      Objects.requireNonNull(vocab, "vocab");
    }

    @Override
    public ProcessUnit processUnit() {
      return new ProcessUnit(new RegexTokenizerOptions(delimRegexPattern,
          List.of(vocabFile(vocab, VOCAB_DESCRIPTION))));
    }

    @Override
    public List<Path> files() {
      return List.of(vocab);
    }
  }

  /** WordPiece with a vocabulary (schema 1.1.0). */
  record Bert(Path vocab) implements Tokenizer {
    public Bert {
      Objects.requireNonNull(vocab, "vocab");
    }

    @Override
    public ProcessUnit processUnit() {
      return new ProcessUnit(new BertTokenizerOptions(
          List.of(vocabFile(vocab, VOCAB_DESCRIPTION))));
    }

    @Override
    public List<Path> files() {
      return List.of(vocab);
    }
  }

  /** SentencePiece with its model and an optional vocabulary (schema 1.1.0). */
  record SentencePiece(Path model, Path vocab) implements Tokenizer {
    public SentencePiece {
      Objects.requireNonNull(model, "model");
    }

    @Override
    public ProcessUnit processUnit() {
      List<AssociatedFile> vocabFiles = vocab == null ? null : List.of(vocabFile(vocab,
          VOCAB_DESCRIPTION + " This file is optional during tokenization, while the sentence"
              + " piece model is mandatory."));
      return new ProcessUnit(new SentencePieceTokenizerOptions(List.of(new AssociatedFile(
          model.toString(), "The sentence piece model file.", AssociatedFileType.UNKNOWN, null,
          null)), vocabFiles));
    }

    @Override
    public List<Path> files() {
      List<Path> files = new ArrayList<>();
      if (vocab != null) {
        files.add(vocab);
      }
      files.add(model);
      return files;
    }
  }

  /** The official description of vocabulary files. */
  String VOCAB_DESCRIPTION =
      "Vocabulary file to convert natural language words to embedding vectors.";

  private static AssociatedFile vocabFile(Path path, String description) {
    return AssociatedFile.of(path.toString(), description, AssociatedFileType.VOCABULARY);
  }
}
