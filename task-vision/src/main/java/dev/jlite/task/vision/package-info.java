/**
 * Vision tasks built from model metadata: {@link dev.jlite.task.vision.ImageClassifier},
 * {@link dev.jlite.task.vision.ObjectDetector}, {@link dev.jlite.task.vision.ImageSegmenter} and
 * {@link dev.jlite.task.vision.PoseEstimator}.
 */
package dev.jlite.task.vision;
