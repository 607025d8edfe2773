package dev.jlite.metadata.cli;

import picocli.CommandLine.Command;

/** {@code jlite metadata show|extract|lint|write}: TFLite metadata of a model. */
@Command(
    name = "metadata",
    mixinStandardHelpOptions = true,
    description = "Show, extract, check and write TFLite model metadata.",
    subcommands = {ShowCommand.class, ExtractCommand.class, LintCommand.class,
        WriteCommand.class})
public final class MetadataCommand {}
