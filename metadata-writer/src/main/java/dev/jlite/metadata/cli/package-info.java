/**
 * The {@code metadata} commands of the jlite command line ({@code show}, {@code extract}, {@code
 * lint}, {@code write}), registered by the {@code jlite} launcher and runnable alone from {@code
 * metadata-writer/target/jlite-metadata.jar}. Exit codes: 0 success, 2 bad usage, 3 invalid model,
 * 4 invalid input; errors are one line on stderr.
 */
package dev.jlite.metadata.cli;
