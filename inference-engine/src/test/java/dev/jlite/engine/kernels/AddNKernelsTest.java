package dev.jlite.engine.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jlite.engine.Differential;
import dev.jlite.schema.OperatorSpec;
import dev.jlite.schema.model.BuiltinOperator;
import dev.jlite.schema.model.TensorType;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddNKernelsTest {
  static byte[] addN(byte type, int count, boolean constantLast, int... shape) {
    OpModel m = new OpModel();
    int[] in = new int[count];
    for (int i = 0; i < count; i++) {
      in[i] = constantLast && i == count - 1
          ? m.constant(type, shape, type == TensorType.FLOAT32
              ? OpModel.randomFloats(new Random(i), OpModel.elements(shape), -5, 5)
              : OpModel.ints(new Random(i).ints(OpModel.elements(shape), -50, 50).toArray()))
          : m.input(type, shape);
    }
    int out = m.output(type, shape);
    return m.op(OperatorSpec.builtin(BuiltinOperator.ADD_N).inputs(in).outputs(out).build())
        .build();
  }

  @ParameterizedTest(name = "ADD_N type {0}")
  @ValueSource(bytes = {TensorType.FLOAT32, TensorType.INT32})
  void matchesTfLite(byte type) {
    for (int count : new int[] {2, 3, 5}) {
      for (int[] shape : new int[][] {{}, {7}, {2, 3, 4}, {1, 2, 1, 2, 3}}) {
        Differential.assertMatchesTfLite(addN(type, count, false, shape), count);
        Differential.assertMatchesTfLite(addN(type, count, true, shape), count + 1);
      }
    }
  }

  @Test
  void handComputed() {
    byte[] model = addN(TensorType.INT32, 3, false, 2);
    assertThat(OpModel.toInts(OpModel.run(model, OpModel.ints(1, 2), OpModel.ints(10, 20),
        OpModel.ints(100, Integer.MAX_VALUE))[0])).containsExactly(111, Integer.MAX_VALUE + 22);
    model = addN(TensorType.FLOAT32, 2, false, 2);
    assertThat(OpModel.toFloats(OpModel.run(model, OpModel.floats(0.5f, -1), OpModel.floats(0.25f,
        1))[0])).containsExactly(0.75f, 0f);
    assertThat(OpModel.outputShape(addN(TensorType.FLOAT32, 2, false, 0, 3), 0, new byte[0],
        new byte[0])).containsExactly(0, 3);
  }

  @Test
  void rejectsMismatchedShapesAndTypes() {
    OpModel m = new OpModel();
    int a = m.input(TensorType.FLOAT32, 2, 3);
    int b = m.input(TensorType.FLOAT32, 3);
    int o = m.output(TensorType.FLOAT32, 2, 3);
    m.op(OperatorSpec.builtin(BuiltinOperator.ADD_N).inputs(a, b).outputs(o).build());
    OpModel.assertRejected(m.build(), "ADD_N", "input 1 has shape [3], input 0 has [2, 3]");
    m = new OpModel();
    a = m.input(TensorType.FLOAT32, 2);
    b = m.input(TensorType.INT32, 2);
    o = m.output(TensorType.FLOAT32, 2);
    m.op(OperatorSpec.builtin(BuiltinOperator.ADD_N).inputs(a, b).outputs(o).build());
    OpModel.assertRejected(m.build(), "input 1", "has type INT32, expected FLOAT32");
    OpModel.assertRejected(addN(TensorType.INT64, 2, false, 2), "ADD_N", "has type INT64");
  }

  @Test
  void rejectsASingleInput() {
    OpModel m = new OpModel();
    int a = m.input(TensorType.FLOAT32, 2);
    int o = m.output(TensorType.FLOAT32, 2);
    m.op(OperatorSpec.builtin(BuiltinOperator.ADD_N).inputs(a).outputs(o).build());
    OpModel.assertRejected(m.build(), "ADD_N", "expects at least 2 inputs, has 1");
  }
}
