/**
 * Vision tasks built from model metadata: {@link dev.jlite.task.vision.ImageClassifier},
 * {@link dev.jlite.task.vision.ObjectDetector} and {@link dev.jlite.task.vision.ImageSegmenter}.
 */
package dev.jlite.task.vision;
