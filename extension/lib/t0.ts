/**
 * The first module of the content script: notes when the script began to evaluate, so the bench
 * can tell the browser's wait (until document_end, when the content script is injected) from our own start-up (module evaluation) and work.
 */
export const SCRIPT_T0 = typeof performance !== 'undefined' ? performance.now() : 0;
