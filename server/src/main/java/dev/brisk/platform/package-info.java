/**
 * Shared plumbing every feature uses: the authenticated caller, problem+json errors, keyset
 * cursors and list parameters, and the embedded database used when none is configured.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
@NullMarked
package dev.brisk.platform;

import org.jspecify.annotations.NullMarked;
