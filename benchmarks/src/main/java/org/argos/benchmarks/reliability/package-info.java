/**
 * Reliability figures measured on a real PostgreSQL: {@link org.argos.benchmarks.reliability.OutageBench} cuts the
 * database away from a running engine and counts what was lost. Not an API.
 */
@NullMarked
package org.argos.benchmarks.reliability;

import org.jspecify.annotations.NullMarked;
