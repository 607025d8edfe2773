/**
 * Vision tasks built from model metadata: {@link dev.jlite.task.vision.ImageClassifier},
 * {@link dev.jlite.task.vision.ObjectDetector}, {@link dev.jlite.task.vision.ImageSegmenter},
 * {@link dev.jlite.task.vision.PoseEstimator} and {@link dev.jlite.task.vision.ImageEmbedder}.
 */
package dev.jlite.task.vision;
