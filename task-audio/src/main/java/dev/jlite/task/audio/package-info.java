/**
 * Audio tasks built from model metadata: {@link dev.jlite.task.audio.AudioClassifier} over
 * {@link dev.jlite.task.audio.TensorAudio} buffers or whole {@link dev.jlite.task.audio.AudioClip}s
 * read by {@link dev.jlite.task.audio.WavReader} or captured by
 * {@link dev.jlite.task.audio.Microphone}.
 */
package dev.jlite.task.audio;
