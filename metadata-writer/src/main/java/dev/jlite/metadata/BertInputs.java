package dev.jlite.metadata;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The three BERT inputs (ids, mask, segment ids) matched to the model's inputs by tensor name, as
 * the official {@code BertInputTensorsMd} does: the metadata follows the model's input order.
 */
final class BertInputs {
  private BertInputs() {}

  static List<TensorMetadata> ordered(WriterModel model, String idsName, String maskName,
      String segmentName, String idsDescription, String segmentDescription) {
    List<String> given = List.of(idsName, maskName, segmentName);
    List<String> names = model.inputNames();
    if (!sameMultiset(given, names)) {
      throw new MetadataException("The input tensor names (" + names + ") do not match the tensor"
          + " names read from the model (" + given + ").");
    }
    Map<String, TensorMetadata> byName = new HashMap<>();
    byName.put(idsName, TensorInfo.feature("ids", idsDescription));
    byName.put(maskName, TensorInfo.feature("mask",
        "Mask with 1 for real tokens and 0 for padding tokens."));
    byName.put(segmentName, TensorInfo.feature("segment_ids", segmentDescription));
    List<TensorMetadata> ordered = new ArrayList<>();
    for (String name : names) {
      ordered.add(byName.get(name));
    }
    return ordered;
  }

  static boolean sameMultiset(List<String> a, List<String> b) {
    List<String> x = new ArrayList<>(a);
    List<String> y = new ArrayList<>(b);
    x.sort(null);
    y.sort(null);
    return x.equals(y);
  }
}
