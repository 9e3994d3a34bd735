/**
 * What users write, read one way everywhere: the {@link org.argos.api.settings.Durations duration grammar} and a typed
 * reader of JSON-like values ({@link org.argos.api.settings.Setting}, {@link org.argos.api.settings.Settings}) whose
 * errors are {@link org.argos.api.InvalidValueException}s naming the path (and, when known, the file position) of
 * the bad value. Check and notifier plugins read their parameters with it, so that their errors look like Argos' own.
 */
@NullMarked
package org.argos.api.settings;

import org.jspecify.annotations.NullMarked;
