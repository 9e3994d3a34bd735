/**
 * Compatibility kits: abstract JUnit 5 suites that every implementation of an SPI runs with a small subclass, so the
 * in-memory and PostgreSQL stores, and built-in and third-party plugins, are held to the same contract.
 */
@NullMarked
package org.argos.testkit;

import org.jspecify.annotations.NullMarked;
