package dev.jlite.metadata.cli;

import picocli.CommandLine;

/** The standalone metadata command line: {@code java -jar jlite-metadata.jar show MODEL}. */
public final class MetadataMain {
  private MetadataMain() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new MetadataCommand()).setCommandName("jlite-metadata")
        .execute(args));
  }
}
