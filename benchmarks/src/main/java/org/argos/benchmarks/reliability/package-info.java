/**
 * Reliability scenarios with real processes and a real PostgreSQL, whose mains print the figures of the reliability
 * section of {@code docs/benchmarks.md}: a node killed with {@code kill -9} in the middle of its work and another
 * taking over ({@link org.argos.benchmarks.reliability.DeliveryCrashBench}), the database cut away from a running
 * engine ({@link org.argos.benchmarks.reliability.OutageBench}), how fast a dead or restarted node's work moves on
 * ({@link org.argos.benchmarks.reliability.TakeoverBench}). Not an API.
 */
@NullMarked
package org.argos.benchmarks.reliability;

import org.jspecify.annotations.NullMarked;
