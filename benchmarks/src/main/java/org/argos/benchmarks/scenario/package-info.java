/**
 * The alert scenario of issue 19 ("one verdict you can believe"), measured with the real engine, real HTTP servers on
 * loopback and a counting notifier: {@link org.argos.benchmarks.scenario.AlertScenario} kills backends, cuts a
 * location and runs a flapping site, and prints the notifications each produced. Not an API.
 */
@NullMarked
package org.argos.benchmarks.scenario;

import org.jspecify.annotations.NullMarked;
