/**
 * Vision tasks built from model metadata: {@link dev.jlite.task.vision.ImageClassifier}.
 */
package dev.jlite.task.vision;
