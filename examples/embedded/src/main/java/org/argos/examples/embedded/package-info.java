/**
 * Host programs embedding Argos: the engine alone ({@code EmbeddedExample}), and the engine with the status API and the
 * agent endpoints mounted on the host's own web server ({@code StatusHost}).
 */
@NullMarked
package org.argos.examples.embedded;

import org.jspecify.annotations.NullMarked;
