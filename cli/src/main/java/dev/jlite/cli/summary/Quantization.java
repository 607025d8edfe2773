package dev.jlite.cli.summary;

import dev.jlite.schema.model.QuantizationParameters;
import java.util.ArrayList;
import java.util.List;

/**
 * How a tensor's stored values map to real numbers: {@code real = scale * (stored - zeroPoint)}.
 * Read the way TFLite reads it: no scales means no quantization (min/max alone are only converter
 * hints), one scale is per-tensor, several are per-channel along {@code quantizedDimension}. That
 * there are as many zero points as scales is the model verifier's promise, not checked again here.
 */
public sealed interface Quantization {

  /** The values are used as they are. */
  record None() implements Quantization {}

  /** One scale and zero point for the whole tensor. */
  record PerTensor(float scale, long zeroPoint) implements Quantization {}

  /**
   * One scale and zero point per index of one dimension.
   *
   * @param quantizedDimension the dimension the parameters run along
   * @param scales one scale per channel
   * @param zeroPoints one zero point per channel
   */
  record PerChannel(int quantizedDimension, List<Float> scales, List<Long> zeroPoints)
      implements Quantization {

    public PerChannel {
      scales = List.copyOf(scales);
      zeroPoints = List.copyOf(zeroPoints);
    }

    /** Number of channels. */
    public int channels() {
      return scales.size();
    }
  }

  /** Reads a tensor's quantization table; null (an absent table) means none. */
  static Quantization of(QuantizationParameters params) {
    if (params == null || params.scaleLength() == 0) {
      return new None();
    }
    if (params.scaleLength() == 1) {
      return new PerTensor(params.scale(0), params.zeroPoint(0));
    }
    List<Float> scales = new ArrayList<>();
    List<Long> zeroPoints = new ArrayList<>();
    for (int i = 0; i < params.scaleLength(); i++) {
      scales.add(params.scale(i));
      zeroPoints.add(params.zeroPoint(i));
    }
    return new PerChannel(params.quantizedDimension(), scales, zeroPoints);
  }
}
