/**
 * Compatibility kits: abstract JUnit 5 suites that every implementation of an SPI runs with a small subclass, so the
 * in-memory and PostgreSQL stores, the in-process and remote executors, and built-in and third-party plugins (checks,
 * probes, notifiers) are held to the same contract ({@link org.argos.testkit.StoreCompatibilityKit},
 * {@link org.argos.testkit.ExecutorCompatibilityKit}, {@link org.argos.testkit.ProbeCompatibilityKit},
 * {@link org.argos.testkit.CheckProviderCompatibilityKit}, {@link org.argos.testkit.NotifierCompatibilityKit}); and the
 * fault-injection helpers their reliability tests share: {@link org.argos.testkit.TcpRelay} (a database outage) and
 * {@link org.argos.testkit.Tmpfs} (a full disk).
 */
@NullMarked
package org.argos.testkit;

import org.jspecify.annotations.NullMarked;
