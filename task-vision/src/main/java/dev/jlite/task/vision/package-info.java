/**
 * Vision tasks built from model metadata: {@link dev.jlite.task.vision.ImageClassifier} and
 * {@link dev.jlite.task.vision.ObjectDetector}.
 */
package dev.jlite.task.vision;
