package dev.jlite.metadata;

/**
 * One processing step; metadata schema table {@code ProcessUnit}.
 *
 * @param options the step, or {@code null} (union type NONE)
 */
public record ProcessUnit(ProcessUnitOptions options) {}
