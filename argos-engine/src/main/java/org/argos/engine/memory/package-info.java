/**
 * The parts of {@link org.argos.engine.InMemoryStore}, one per store contract (sites, claims, runs, outbox, status
 * reads, cluster state), over one shared set of compact entries and indexes. Not an API: public only for that facade,
 * which holds the lock; may change without notice.
 */
@NullMarked
package org.argos.engine.memory;

import org.jspecify.annotations.NullMarked;
