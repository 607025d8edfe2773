package dev.jlite.task.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A SentencePiece unigram tokenizer read from a SentencePiece {@code .model} file (a {@code
 * ModelProto}): spaces become {@code ▁} (U+2581), a {@code ▁} is put before the text, and the text
 * is cut into the pieces whose scores sum highest (Viterbi), as SentencePiece's unigram model does:
 * user-defined pieces score {@code length * maxScore - 0.1}, unused pieces are never chosen, a
 * character no piece covers becomes an unknown piece scoring {@code minScore - 10}, and adjacent
 * unknown pieces are merged. Immutable and thread-safe.
 */
public final class SentencePieceTokenizer implements WordTokenizer {
  /** The piece SentencePiece writes for a space. */
  public static final String SPACE = "\u2581";

  private static final int NORMAL = 1;
  private static final int UNKNOWN = 2;
  private static final int USER_DEFINED = 4;
  private static final int UNIGRAM = 1;
  private static final float UNKNOWN_PENALTY = 10f;

  private final List<String> pieces;
  /** The pieces Viterbi may choose (normal and user-defined), as a trie of code points. */
  private final Trie candidates = new Trie();
  private final Map<String, Integer> ids;
  private final float[] scores;
  private final int[] types;
  private final int unknownId;
  private final float unknownScore;
  private final boolean nfkc;
  private final boolean addDummyPrefix;
  private final boolean removeExtraWhitespaces;
  private final boolean escapeWhitespaces;

  private SentencePieceTokenizer(List<String> pieces, float[] scores, int[] types,
      Normalization normalization) {
    this.pieces = List.copyOf(pieces);
    this.scores = scores;
    this.types = types;
    this.ids = new HashMap<>();
    int unknown = -1;
    float minScore = Float.MAX_VALUE;
    float maxScore = 0f;
    boolean anyNormal = false;
    for (int i = 0; i < types.length; i++) {
      ids.putIfAbsent(pieces.get(i), i);
      if (types[i] == UNKNOWN && unknown < 0) {
        unknown = i;
      }
      if (types[i] == NORMAL) {
        minScore = Math.min(minScore, scores[i]);
        maxScore = anyNormal ? Math.max(maxScore, scores[i]) : scores[i];
        anyNormal = true;
      }
      if (types[i] == NORMAL || types[i] == USER_DEFINED) {
        candidates.add(pieces.get(i), i);
      }
    }
    if (unknown < 0) {
      throw new IllegalArgumentException("the SentencePiece model has no unknown piece");
    }
    for (int i = 0; i < types.length; i++) {
      if (types[i] == USER_DEFINED) {
        int length = pieces.get(i).codePointCount(0, pieces.get(i).length());
        this.scores[i] = length * maxScore - 0.1f;
      }
    }
    this.unknownId = unknown;
    this.unknownScore = (anyNormal ? minScore : 0f) - UNKNOWN_PENALTY;
    this.nfkc = normalization.nfkc;
    this.addDummyPrefix = normalization.addDummyPrefix;
    this.removeExtraWhitespaces = normalization.removeExtraWhitespaces;
    this.escapeWhitespaces = normalization.escapeWhitespaces;
  }

  /**
   * Reads a SentencePiece model. Its normalizer is honoured as far as its flags go (dummy prefix,
   * extra whitespace removal, whitespace escaping); a non-identity character map is applied as
   * Unicode NFKC.
   *
   * @throws IllegalArgumentException if the bytes are not a SentencePiece unigram model with an
   *     unknown piece
   */
  public static SentencePieceTokenizer fromModel(byte[] model) {
    Objects.requireNonNull(model, "model");
    List<String> pieces = new ArrayList<>();
    List<Float> scores = new ArrayList<>();
    List<Integer> types = new ArrayList<>();
    Normalization normalization = new Normalization();
    try {
      ProtoReader reader = new ProtoReader(model, 0, model.length);
      while (reader.next()) {
        switch (reader.field()) {
          case 1 -> readPiece(reader.message(), pieces, scores, types);
          case 2 -> checkTrainer(reader.message());
          case 3 -> normalization.read(reader.message());
          default -> reader.skip();
        }
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed SentencePiece model: " + e.getMessage(), e);
    }
    if (pieces.isEmpty()) {
      throw new IllegalArgumentException("the SentencePiece model has no pieces");
    }
    float[] s = new float[scores.size()];
    int[] t = new int[types.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = scores.get(i);
      t[i] = types.get(i);
    }
    return new SentencePieceTokenizer(pieces, s, t, normalization);
  }

  /**
   * Reads a SentencePiece model file, as {@link #fromModel}.
   *
   * @throws IOException if the file cannot be read
   */
  public static SentencePieceTokenizer load(Path model) throws IOException {
    return fromModel(Files.readAllBytes(model));
  }

  private static void readPiece(ProtoReader piece, List<String> pieces, List<Float> scores,
      List<Integer> types) {
    String text = "";
    float score = 0f;
    int type = NORMAL;
    while (piece.next()) {
      switch (piece.field()) {
        case 1 -> text = piece.string();
        case 2 -> score = piece.fixed32Float();
        case 3 -> type = (int) piece.varintField();
        default -> piece.skip();
      }
    }
    if (type < NORMAL || type > 6) {
      throw new IllegalArgumentException("piece " + pieces.size() + " '" + text
          + "' has unknown type " + type);
    }
    pieces.add(text);
    scores.add(score);
    types.add(type);
  }

  private static void checkTrainer(ProtoReader trainer) {
    while (trainer.next()) {
      if (trainer.field() == 3) {
        long modelType = trainer.varintField();
        if (modelType != UNIGRAM) {
          throw new IllegalArgumentException("model type " + modelType
              + " is not supported; only the unigram model (1) is");
        }
      } else {
        trainer.skip();
      }
    }
  }

  /** The number of pieces. */
  public int vocabSize() {
    return pieces.size();
  }

  /** The id of the unknown piece. */
  public int unknownId() {
    return unknownId;
  }

  /** The id of a piece, if the model has it (any type). */
  @Override
  public OptionalInt id(String piece) {
    Integer id = ids.get(piece);
    return id == null ? OptionalInt.empty() : OptionalInt.of(id);
  }

  /** The id of a piece, or {@link #unknownId()} for text no piece spells. */
  @Override
  public int idOrUnknown(String piece) {
    Integer id = ids.get(piece);
    return id != null ? id : unknownId;
  }

  /** The piece of an id. */
  public String piece(int id) {
    if (id < 0 || id >= pieces.size()) {
      throw new IndexOutOfBoundsException("piece id " + id + " is outside the model's "
          + pieces.size() + " pieces");
    }
    return pieces.get(id);
  }

  /** The pieces of a text. */
  @Override
  public List<String> tokenize(String text) {
    List<String> out = new ArrayList<>();
    segment(text, out, null);
    return out;
  }

  /** The ids of a text's pieces. */
  public int[] encode(String text) {
    List<Integer> ids = new ArrayList<>();
    segment(text, null, ids);
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }

  private void segment(String text, List<String> outPieces, List<Integer> outIds) {
    int[] chars = normalize(Objects.requireNonNull(text, "text")).codePoints().toArray();
    int n = chars.length;
    float[] best = new float[n + 1];
    int[] bestId = new int[n + 1];
    int[] from = new int[n + 1];
    Arrays.fill(bestId, -1);
    for (int start = 0; start < n; start++) {
      if (start > 0 && bestId[start] == -1) {
        continue;
      }
      boolean single = false;
      Trie node = candidates;
      for (int end = start + 1; end <= n; end++) {
        node = node.children.get(chars[end - 1]);
        if (node == null) {
          break;
        }
        if (node.id >= 0) {
          single |= end == start + 1;
          relax(best, bestId, from, start, end, node.id, scores[node.id]);
        }
      }
      if (!single) {
        relax(best, bestId, from, start, start + 1, unknownId, unknownScore);
      }
    }
    List<int[]> path = new ArrayList<>();
    for (int end = n; end > 0; end = from[end]) {
      path.add(new int[] {from[end], end, bestId[end]});
    }
    int previous = -2;
    String merged = null;
    for (int i = path.size() - 1; i >= 0; i--) {
      int[] node = path.get(i);
      String piece = new String(chars, node[0], node[1] - node[0]);
      if (node[2] == unknownId && previous == unknownId) {
        merged = merged + piece;
        if (outPieces != null) {
          outPieces.set(outPieces.size() - 1, merged);
        }
      } else {
        merged = piece;
        if (outPieces != null) {
          outPieces.add(piece);
        }
        if (outIds != null) {
          outIds.add(node[2]);
        }
      }
      previous = node[2];
    }
  }

  private static void relax(float[] best, int[] bestId, int[] from, int start, int end, int id,
      float score) {
    float candidate = (start == 0 ? 0f : best[start]) + score;
    if (bestId[end] == -1 || candidate > best[end]) {
      best[end] = candidate;
      bestId[end] = id;
      from[end] = start;
    }
  }

  private String normalize(String text) {
    String s = nfkc ? Normalizer.normalize(text, Normalizer.Form.NFKC) : text;
    if (removeExtraWhitespaces) {
      s = s.replaceAll("^ +| +$", "").replaceAll(" +", " ");
    }
    if (addDummyPrefix && !s.isEmpty()) {
      s = " " + s;
    }
    return escapeWhitespaces ? s.replace(" ", SPACE) : s;
  }

  /** The flags of a model's {@code NormalizerSpec}, with SentencePiece's defaults. */
  private static final class Normalization {
    boolean nfkc;
    boolean addDummyPrefix = true;
    boolean removeExtraWhitespaces = true;
    boolean escapeWhitespaces = true;

    void read(ProtoReader spec) {
      while (spec.next()) {
        switch (spec.field()) {
          case 2 -> nfkc = spec.bytesLength() > 0;
          case 3 -> addDummyPrefix = spec.varintField() != 0;
          case 4 -> removeExtraWhitespaces = spec.varintField() != 0;
          case 5 -> escapeWhitespaces = spec.varintField() != 0;
          default -> spec.skip();
        }
      }
    }
  }

  /** A node of a trie over code points; {@code id} is the piece ending here, or -1. */
  private static final class Trie {
    final Map<Integer, Trie> children = new HashMap<>();
    int id = -1;

    /** Adds a piece; the first piece of a text keeps it, as SentencePiece's map does. */
    void add(String piece, int pieceId) {
      Trie node = this;
      for (int c : piece.codePoints().toArray()) {
        node = node.children.computeIfAbsent(c, k -> new Trie());
      }
      if (node != this && node.id < 0) {
        node.id = pieceId;
      }
    }
  }
}
