/**
 * A reusable, read-only summary of a model: its inputs and outputs, operators by count, subgraphs,
 * signatures and metadata.
 *
 * <p>This package depends only on {@code metadata-schema}, never on the command line around it, so that
 * it can move into a library module once a second user needs it.
 */
package dev.jlite.cli.summary;
