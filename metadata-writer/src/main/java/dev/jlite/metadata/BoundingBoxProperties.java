package dev.jlite.metadata;

import java.util.List;

/**
 * The tensor holds bounding boxes; metadata schema table {@code BoundingBoxProperties}.
 *
 * @param index where left, top, right, bottom (or the type's four values) are among the last
 *     dimension's four values, or {@code null} for the default order
 * @param type the layout of the four values
 * @param coordinateType ratios of the image size ({@link CoordinateType#RATIO}, the default) or
 *     pixels
 */
public record BoundingBoxProperties(List<Long> index, BoundingBoxType type,
    CoordinateType coordinateType) implements ContentProperties {
  public BoundingBoxProperties {
    index = Lists.copy(index);
    if (index != null) {
      index.forEach(i -> Checks.uint("BoundingBoxProperties.index", i));
    }
    type = type == null ? BoundingBoxType.UNKNOWN : type;
    coordinateType = coordinateType == null ? CoordinateType.RATIO : coordinateType;
  }
}
