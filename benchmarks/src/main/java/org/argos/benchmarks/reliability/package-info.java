/**
 * Reliability scenarios with real processes and a real PostgreSQL: a node killed with {@code kill -9} in the middle of
 * its work, another taking over, and what the outside world saw. Their mains print the figures of the reliability
 * section of {@code docs/benchmarks.md}. Not an API.
 */
@NullMarked
package org.argos.benchmarks.reliability;

import org.jspecify.annotations.NullMarked;
