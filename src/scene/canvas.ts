/**
 * Options for the 2D canvases that become WebGL textures (labels, the output strip, the in-VR
 * panel). A CPU-backed canvas uploads from memory; an accelerated one must first sync with the GPU
 * process, which a training step in the worker can keep busy for a long time on a weak GPU, and
 * the render thread would wait on it.
 */
export const CPU_CANVAS: CanvasRenderingContext2DSettings = { willReadFrequently: true };
