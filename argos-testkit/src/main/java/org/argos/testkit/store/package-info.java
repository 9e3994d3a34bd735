/**
 * The store contract, one interface of default JUnit 5 tests per part of it: sites, claims, runs and task state,
 * status reads, the alert outbox, and the state nodes of a cluster share. {@link org.argos.testkit.StoreCompatibilityKit}
 * runs them all and is the one class a store implementation subclasses.
 */
@NullMarked
package org.argos.testkit.store;

import org.jspecify.annotations.NullMarked;
