package dev.jlite.engine.kernels;

import dev.jlite.engine.DataType;
import dev.jlite.engine.Node;
import dev.jlite.engine.Tensor;
import java.util.Arrays;

/** Prepare-time checks shared by the convolution family, each failing with a clear message. */
final class ConvChecks {
  private ConvChecks() {}

  static void rank(Node node, Tensor tensor, String role, int rank) {
    if (tensor.numDimensions() != rank) {
      throw node.invalid(role + " " + Arrays.toString(tensor.shape()) + " must have rank " + rank);
    }
  }

  /** An optional float32 bias must hold exactly one value per output channel. */
  static void bias(Node node, Tensor bias, int channels) {
    if (bias == null) {
      return;
    }
    node.checkType(bias, "bias", DataType.FLOAT32);
    if (bias.numElements() != channels) {
      throw node.invalid("bias " + Arrays.toString(bias.shape()) + " has " + bias.numElements()
          + " values for " + channels + " output channels");
    }
  }

  /** The product of the factors, failing when it does not fit an int. */
  static int product(Node node, String what, int... factors) {
    long n = 1;
    for (int f : factors) {
      n *= f;
      if (n > Integer.MAX_VALUE) {
        throw node.invalid(what + " " + Arrays.toString(factors) + " is too large");
      }
    }
    return (int) n;
  }

  /** A buffer size in floats, failing when no Java array can hold it. */
  static int size(Node node, String what, long floats) {
    if (floats > Integer.MAX_VALUE - 16) {
      throw node.invalid(what + " would need " + floats + " floats, more than an array holds");
    }
    return (int) floats;
  }
}
