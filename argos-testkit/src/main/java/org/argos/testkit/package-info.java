/**
 * Compatibility kits: abstract JUnit 5 suites that every implementation of an Argos SPI runs with a small subclass
 * (as Micrometer's {@code MeterRegistryCompatibilityKit}), so the built-in implementations and third-party ones are held
 * to the same contract.
 */
@NullMarked
package org.argos.testkit;

import org.jspecify.annotations.NullMarked;
