/**
 * A tiny app over wrappers that {@code @TfLiteModel} generates into this package at compile time:
 * {@code Mobilenet} (image classifier) and {@code CocoSsd} (object detector); {@code Yamnet}
 * (audio classifier) shows the audio wrapper.
 */
@TfLiteModel(path = "models/mobilenet_v1_0.25_224_quant.tflite", className = "Mobilenet")
@TfLiteModel(path = "models/coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite",
    className = "CocoSsd")
@TfLiteModel(path = "models/yamnet_audio_classifier_with_metadata.tflite", className = "Yamnet")
package dev.jlite.examples;

import dev.jlite.codegen.TfLiteModel;
