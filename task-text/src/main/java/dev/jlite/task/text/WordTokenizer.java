package dev.jlite.task.text;

import java.util.List;
import java.util.OptionalInt;

/** What the BERT tasks need of a tokenizer: the tokens of a text and the ids of tokens. */
interface WordTokenizer {
  List<String> tokenize(String text);

  OptionalInt id(String token);

  /**
   * The id the model is fed for a token: its own, else the unknown token's (SentencePiece's
   * unknown pieces carry their surface text), else 0.
   */
  int idOrUnknown(String token);
}
