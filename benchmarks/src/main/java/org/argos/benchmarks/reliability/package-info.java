/** Reliability figures of issue 17: how fast work moves on when a node dies or restarts. */
@NullMarked
package org.argos.benchmarks.reliability;

import org.jspecify.annotations.NullMarked;
