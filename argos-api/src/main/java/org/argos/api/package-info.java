/**
 * Value types of Argos: what a user registers ({@link org.argos.api.Site}, {@link org.argos.api.PathSpec},
 * {@link org.argos.api.CheckSpec}) and what the engine reports ({@link org.argos.api.Severity},
 * {@link org.argos.api.CheckResult}, {@link org.argos.api.StateChange}).
 */
@NullMarked
package org.argos.api;

import org.jspecify.annotations.NullMarked;
