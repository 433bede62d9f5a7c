/**
 * Version of the risk engine's figures, recorded with every session start and risk snapshot so a stored figure can be
 * recomputed by the same rules. Kept equal to package.json's version (a test checks it); bump both when a figure's
 * definition changes.
 */
export const ENGINE_VERSION = '0.2.0'
